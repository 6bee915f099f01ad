//! The sign-off from the console: the prompt on home and on the checklist, under the rules
//! of `recette signoff`.

use super::*;
use crate::acceptance::Reason;

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Msg::Input(InputKey::Char(c)));
    }
}

fn signoff_effect(effects: &[Effect]) -> (JobId, Recording) {
    match effects {
        [Effect::Record { id, recording }] => (*id, recording.clone()),
        other => panic!("{other:?}"),
    }
}

use crate::jobs::Recording;

#[test]
fn when_the_rules_refuse_the_prompt_names_them_and_needs_reservations() {
    let mut app = loaded();
    assert!(act(&mut app, Action::Signoff).is_empty());
    let prompt = app.signoff().cloned().expect("the prompt opens");
    assert_eq!(
        (prompt.resource.as_str(), prompt.delivery.as_str()),
        ("measure_request", "L2")
    );
    assert_eq!(
        prompt.refusals,
        [
            Reason::Todo {
                item: "exam-status".into(),
                label: "exam-status".into()
            },
            Reason::Todo {
                item: "exam-review".into(),
                label: "exam-review".into()
            },
        ]
    );
    // Nothing typed: refused, the prompt stays.
    assert!(update(&mut app, Msg::Input(InputKey::Enter)).is_empty());
    assert_eq!(app.notice, Some(Notice::ReservationsRequired));
    assert!(app.signoff().is_some() && app.input.is_some());
    // With the reservations typed: a sign-off with reservations goes to the journal.
    typed(&mut app, "revue en L3");
    let (id, recording) = signoff_effect(&update(&mut app, Msg::Input(InputKey::Enter)));
    assert_eq!(app.jobs.get(id), Some(&Purpose::Write(Write::Entry)));
    assert!(app.signoff().is_none() && app.input.is_none());
    let Recording::Signoff {
        resource,
        delivery,
        reservations,
        refused,
        ..
    } = recording
    else {
        panic!("{recording:?}")
    };
    assert_eq!(
        (resource.as_str(), delivery.as_str()),
        ("measure_request", "L2")
    );
    assert_eq!(reservations.as_deref(), Some("revue en L3"));
    assert_eq!(
        refused.len(),
        2,
        "what the rules refused is journaled: {refused:?}"
    );
    // Saved: the overview is folded again.
    let effects = update(
        &mut app,
        event(id, JobEventKind::Finished(JobOutput::Recorded("e1".into()))),
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::StartOverview { .. })),
        "{effects:?}"
    );
}

#[test]
fn when_the_rules_allow_enter_signs_off_without_reservation_and_esc_cancels() {
    let mut app = loaded();
    if let Some(ResourceOutcome::Reconciled(r)) =
        app.overview.as_mut().and_then(|o| o.resources.first_mut())
    {
        r.progress.refusals.clear();
    }
    act(&mut app, Action::Signoff);
    update(&mut app, Msg::Input(InputKey::Esc));
    assert!(
        app.signoff().is_none() && app.input.is_none(),
        "Esc cancels"
    );

    // From the checklist, the same rules.
    act(&mut app, Action::Checklist);
    assert_eq!(app.context(), Context::Checklist);
    act(&mut app, Action::Signoff);
    assert!(app.signoff().unwrap().refusals.is_empty());
    let (_, recording) = signoff_effect(&update(&mut app, Msg::Input(InputKey::Enter)));
    assert!(
        matches!(
            recording,
            Recording::Signoff {
                reservations: None,
                ..
            }
        ),
        "{recording:?}"
    );
    assert!(app.checklist().is_some(), "the checklist stays open");
}

#[test]
fn a_resource_that_could_not_be_reconciled_cannot_be_signed_off() {
    let mut app = super::with_a_failed_resource();
    act(&mut app, Action::Down);
    assert!(act(&mut app, Action::Signoff).is_empty());
    assert!(app.signoff().is_none());
    assert!(matches!(app.notice, Some(Notice::ResourceFailed { .. })));
}

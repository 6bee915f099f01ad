//! A column's causes (issue 14): its differences grouped under why they differ, largest
//! first — *encodage : UTF-8 lu comme Windows-1252, 7 clés*, *clés en double, 3* — then
//! every row; below, what the integration team can do about the cause selected, and for a
//! `mapping` its table (source value → expected → delivered) and, apart, the campaign-map
//! lines to check if the campaign's own map is wrong.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::explorer::list_table;
use super::{Ui, clean};
use crate::acceptance::cause_words;
use crate::app::explorer::{CauseItem, causes};
use crate::app::{Explorer, ListState};
use crate::domain::i18n::fill;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    explorer: &Explorer,
    column: &str,
    list: &ListState,
    ui: &Ui,
) {
    let t = ui.text();
    let resource = &explorer.target.resource;
    let named = clean(&resource.column_with_name(t, column));
    let Some(report) = explorer.report().column(column) else {
        return;
    };
    let items: Vec<CauseItem> = causes(report);
    let rows = items
        .iter()
        .map(|item| match item {
            CauseItem::Cause(cause) => {
                vec![
                    clean(&cause_words::headline(t, cause)),
                    cause.rows.to_string(),
                ]
            }
            CauseItem::AllRows(n) => vec![fill(t.all_rows, &[&named]), n.to_string()],
        })
        .collect();
    let labels = explorer.labels();
    let selected = list
        .current(&list.visible(labels.iter().map(String::as_str)))
        .and_then(|i| match items.get(i) {
            Some(CauseItem::Cause(cause)) => Some(*cause),
            _ => None,
        });
    // What to do about the cause selected, below the list when it has something to say.
    let mut detail: Vec<Line> = Vec::new();
    if let Some(cause) = selected {
        detail.push(Line::from(Span::styled(
            fill(t.cause_to_do, &[&clean(&cause_words::suggestion(t, cause))]),
            ui.theme.header(),
        )));
        for line in cause_words::mapping_table(t, cause) {
            detail.push(Line::from(format!("  {}", clean(&line))));
        }
        if let Some(check) = cause_words::campaign_map_check(t, cause) {
            detail.push(Line::from(Span::styled(
                t.h_if_campaign_map_wrong,
                ui.theme.muted(),
            )));
            detail.push(Line::from(Span::styled(
                format!("  {}", clean(&check)),
                ui.theme.muted(),
            )));
        }
    }
    let inner = usize::from(area.width.saturating_sub(2)).max(1);
    let wanted: usize = detail
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner))
        .sum::<usize>()
        + 2;
    let height = (wanted as u16).min(area.height / 2);
    let [top, bottom] = Layout::vertical([
        Constraint::Min(4),
        Constraint::Length(if detail.is_empty() { 0 } else { height }),
    ])
    .areas(area);
    list_table(
        frame,
        top,
        ui,
        &fill(t.causes_title, &[&named]),
        &[t.h_cause, t.h_keys],
        rows,
        &labels,
        list,
    );
    if !detail.is_empty() {
        frame.render_widget(
            Paragraph::new(detail)
                .wrap(Wrap { trim: false })
                .block(Block::bordered()),
            bottom,
        );
    }
}

//! Following the input files while the console is open: every few seconds, the
//! fingerprint (size, modification time, inode: a `stat`, never a read) of every source and
//! delivery file of the campaign; a change is sent once, so the console reconciles again
//! instead of showing old results beside new rows. Runs on its own thread; must not import
//! `app`/`tui`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use super::Sink;
use crate::domain::campaign::Campaign;
use crate::store::cache::fingerprint;

/// How often the files are looked at.
pub const EVERY: Duration = Duration::from_secs(2);

/// An input file that changed (or appeared, or went) since it was last looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedInput {
    /// The delivery it belongs to; `None` for a source file.
    pub delivery: Option<String>,
    pub file: PathBuf,
}

/// What the watch sends: the files that changed since its last look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputsChanged(pub Vec<ChangedInput>);

/// Every input file of the campaign, with its delivery.
fn inputs(campaign: &Campaign) -> Vec<ChangedInput> {
    let mut out = Vec::new();
    for resource in &campaign.resources {
        out.push(ChangedInput {
            delivery: None,
            file: resource.source.clone(),
        });
        for delivery in &campaign.deliveries {
            out.push(ChangedInput {
                delivery: Some(delivery.id.clone()),
                file: delivery.dir.join(&resource.migrated),
            });
        }
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out.dedup_by(|a, b| a.file == b.file);
    out
}

/// The inputs' fingerprints now (a missing file has none).
pub struct Snapshot {
    inputs: Vec<ChangedInput>,
    seen: BTreeMap<PathBuf, Option<String>>,
}

impl Snapshot {
    pub fn take(campaign: &Campaign) -> Snapshot {
        let inputs = inputs(campaign);
        let seen = inputs
            .iter()
            .map(|i| (i.file.clone(), fingerprint(&i.file).ok()))
            .collect();
        Snapshot { inputs, seen }
    }

    /// The inputs that changed since the last look (and remembers them as they are now).
    pub fn changes(&mut self) -> Vec<ChangedInput> {
        let mut changed = Vec::new();
        for input in &self.inputs {
            let now = fingerprint(&input.file).ok();
            let before = self.seen.insert(input.file.clone(), now.clone());
            if before.flatten() != now {
                changed.push(input.clone());
            }
        }
        changed
    }
}

/// Starts the watch: the first look now, then one every `EVERY`; it ends when the console
/// (`sink`) is gone.
pub fn spawn_input_watch<T>(campaign: Campaign, sink: Sink<T>)
where
    T: From<InputsChanged> + Send + 'static,
{
    std::thread::spawn(move || {
        let mut snapshot = Snapshot::take(&campaign);
        loop {
            std::thread::sleep(EVERY);
            let changed = snapshot.changes();
            if !changed.is_empty() && sink.send(T::from(InputsChanged(changed))).is_err() {
                break;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_file_is_told_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("employee.csv");
        std::fs::write(&file, "id\n1\n").unwrap();
        let mut snapshot = Snapshot {
            inputs: vec![ChangedInput {
                delivery: Some("L2".into()),
                file: file.clone(),
            }],
            seen: BTreeMap::from([(file.clone(), fingerprint(&file).ok())]),
        };
        assert!(snapshot.changes().is_empty());
        std::fs::write(&file, "id\n1\n2\n").unwrap();
        assert_eq!(snapshot.changes().len(), 1);
        assert!(snapshot.changes().is_empty());
        std::fs::remove_file(&file).unwrap();
        assert_eq!(snapshot.changes()[0].delivery.as_deref(), Some("L2"));
    }
}

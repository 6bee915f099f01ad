//! What every recording command shares: the journal beside the campaign, the author, and
//! the rule that an entry's id is printed on stdout only once it is synced to disk.

use anyhow::Context;

use crate::domain::campaign::Campaign;
use crate::domain::text::{for_terminal, for_terminal_lines};
use crate::journal::{Entry, Journal, JournalError, State, resolve_author};

pub struct Recorder {
    pub journal: Journal,
    pub author: String,
}

impl Recorder {
    /// Opens the campaign's journal (repairing a torn last line, said on stderr).
    pub fn open(campaign: &Campaign, author: Option<&str>) -> anyhow::Result<Recorder> {
        let (journal, repairs) = Journal::open(&campaign.file)
            .with_context(|| format!("opening the journal of {}", campaign.file.display()))?;
        for repair in repairs {
            eprintln!("recette: {}", for_terminal_lines(&repair.to_string()));
        }
        Ok(Recorder {
            journal,
            author: resolve_author(author),
        })
    }

    /// The state as the journal says it stands now.
    pub fn state(&self) -> anyhow::Result<State> {
        let entries = self.journal.entries().context("reading the journal")?;
        for repair in self.journal.take_repairs() {
            eprintln!("recette: {}", for_terminal_lines(&repair.to_string()));
        }
        let state = State::from_entries(&entries);
        // Entries the fold could not apply (two people changed the same defect at once, two
        // journals merged with a clash): never dropped silently.
        for r in state.rejected() {
            eprintln!(
                "recette: warning: journal entry {} ({} by {}, {}) is not applied: {}",
                for_terminal(&r.entry),
                for_terminal(&r.action),
                for_terminal(&r.author),
                r.time.format("%Y-%m-%d %H:%M"),
                for_terminal_lines(&r.error.to_string())
            );
        }
        Ok(state)
    }

    /// Checks `action` against the current state, appends it, and prints its id.
    pub fn record(&self, action: &str, payload: serde_json::Value) -> anyhow::Result<Entry> {
        let entry = self.record_silently(action, payload)?;
        println!("{}", entry.id);
        Ok(entry)
    }

    /// Checks `action` against the state, under the journal's lock, and appends it (synced
    /// on return).
    pub fn record_silently(
        &self,
        action: &str,
        payload: serde_json::Value,
    ) -> anyhow::Result<Entry> {
        self.journal
            .append_checked(&self.author, action, payload)
            .map_err(|e| match e {
                JournalError::Invalid(message) => anyhow::anyhow!(message),
                other => anyhow::Error::new(other).context("writing to the journal"),
            })
    }
}

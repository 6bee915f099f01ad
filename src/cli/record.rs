//! What every recording command shares: the journal beside the campaign, the author, and
//! the rule that an entry's id is printed on stdout only once it is synced to disk.

use anyhow::Context;

use crate::domain::campaign::Campaign;
use std::sync::Arc;

use crate::domain::text::{for_terminal, for_terminal_lines};
use crate::journal::{Entry, Journal, JournalError, JournalNotice, State, resolve_author};

pub struct Recorder {
    pub journal: Journal,
    pub author: String,
}

impl Recorder {
    /// Opens the campaign's journal, reading it without changing it or taking its lock
    /// (what is worth saying — a torn last line, an action of a newer recette — on stderr).
    /// A writer waiting for the lock says so on stderr after a second.
    pub fn open(campaign: &Campaign, author: Option<&str>) -> anyhow::Result<Recorder> {
        let (journal, notices) = Journal::open(&campaign.file)
            .with_context(|| format!("opening the journal of {}", campaign.file.display()))?;
        for notice in notices {
            eprintln!("recette: {}", for_terminal_lines(&notice.to_string()));
        }
        let journal = journal.on_waiting(Arc::new(|notice: &JournalNotice| {
            eprintln!("recette: {notice}")
        }));
        Ok(Recorder {
            journal,
            author: resolve_author(author),
        })
    }

    /// Prints what the journal met since the last time (each thing once).
    pub fn say_notices(&self) {
        for notice in self.journal.take_notices() {
            eprintln!("recette: {notice}");
        }
    }

    /// The state as the journal says it stands now.
    pub fn state(&self) -> anyhow::Result<State> {
        let entries = self.journal.entries().context("reading the journal")?;
        self.say_notices();
        let state = State::from_entries(&entries);
        // A defect id created twice (journals of two machines merged): both kept, said.
        for duplicate in state.duplicates() {
            eprintln!("recette: {duplicate}");
        }
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
        let written = self.journal.append_checked(&self.author, action, payload);
        self.say_notices();
        written.map_err(|e| match e {
            JournalError::Invalid(message) => anyhow::anyhow!(message),
            other => anyhow::Error::new(other).context("writing to the journal"),
        })
    }
}

impl Drop for Recorder {
    /// What the writes met (a torn tail moved aside...) is said even by the commands that
    /// append through the journal directly.
    fn drop(&mut self) {
        self.say_notices();
    }
}

//! Reading one journal file: splitting lines, telling a torn tail (an interrupted write) from
//! corruption, and — for a writer, under the lock — cutting a torn tail after saving it to a
//! side file. Readers (no lock) change nothing.
//!
//! The rule: a file is a sequence of lines, each a JSON entry ending in `\n` (blank lines are
//! tolerated and skipped). A line that parses is an entry, even the last one without its
//! `\n` (a file edited by hand, joined by a tool): the next writer adds the newline before
//! its own line. Its *tail* is torn when it ends with bytes that have no `\n` and do not
//! parse, or when its last line holds the zeros of blocks allocated but never written: that
//! is what a crash in the middle of the single `write_all` of an append leaves (such an entry
//! was never acknowledged). A line that does not parse anywhere else is corruption: reported
//! with its line number, and nothing is changed.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::entry::Entry;
use super::error::{JournalError, Repair, RepairKind};
use super::fsutil::{is_read_only, save_side_file};

/// The parsed lines of a buffer that starts at a line boundary.
#[derive(Debug)]
pub struct Parsed {
    pub entries: Vec<Entry>,
    pub torn: Option<Torn>,
    /// The last entry has no final `\n` (its line parses, so it is an entry).
    pub unterminated: bool,
}

/// Where the torn tail starts: byte offset and 0-based line index within the buffer.
#[derive(Debug, PartialEq, Eq)]
pub struct Torn {
    pub offset: usize,
    pub line_index: usize,
}

/// A line that does not parse and is not the last one (0-based index within the buffer).
#[derive(Debug, PartialEq, Eq)]
pub struct BadLine {
    pub line_index: usize,
    pub reason: String,
}

/// Splits and parses `buf`, applying the torn-tail rule above.
pub fn classify(buf: &[u8]) -> Result<Parsed, BadLine> {
    let mut entries = Vec::new();
    // A line that failed to parse: fatal unless it turns out to be the last one.
    let mut bad: Option<(usize, usize, String)> = None;
    let (mut start, mut index) = (0, 0);
    while let Some(len) = buf[start..].iter().position(|&b| b == b'\n') {
        if let Some((line_index, _, reason)) = bad.take() {
            return Err(BadLine { line_index, reason });
        }
        let line = &buf[start..start + len];
        if !line.iter().all(u8::is_ascii_whitespace) {
            match Entry::from_line(line) {
                Ok(entry) => entries.push(entry),
                Err(reason) => bad = Some((index, start, reason)),
            }
        }
        start += len + 1;
        index += 1;
    }
    let rest = &buf[start..];
    let mut unterminated = false;
    let torn = match bad {
        Some((line_index, _, reason)) if start < buf.len() => {
            return Err(BadLine { line_index, reason });
        }
        // A complete last line that does not parse is a torn write only when it holds the
        // zeros a crash leaves in blocks allocated but never written; readable garbage
        // ending with a newline (a hand edit, a bad merge) is corruption to report.
        Some((line_index, offset, reason)) if !buf[offset..start].contains(&0) => {
            return Err(BadLine { line_index, reason });
        }
        Some((line_index, offset, _)) => Some(Torn { offset, line_index }),
        None if rest.iter().all(u8::is_ascii_whitespace) && !rest.contains(&b'\0') => None,
        None => match Entry::from_line(rest) {
            // A complete entry missing only its newline: an entry.
            Ok(entry) => {
                entries.push(entry);
                unterminated = true;
                None
            }
            Err(_) => Some(Torn {
                offset: start,
                line_index: index,
            }),
        },
    };
    Ok(Parsed {
        entries,
        torn,
        unterminated,
    })
}

/// Reads a whole journal file. A torn tail is cut (see [`cut`]) when `repair` is set — by a
/// writer, under the lock; a reader leaves the file as it is and reports the torn tail as
/// left in place.
pub fn read_file(path: &Path, repair: bool) -> Result<(Vec<Entry>, Option<Repair>), JournalError> {
    let (mut file, writable) = match repair {
        true => open_rw(path)?,
        false => (
            File::open(path).map_err(JournalError::io("open", path))?,
            false,
        ),
    };
    let mut buf = Vec::new();
    file.read_to_end(&mut buf)
        .map_err(JournalError::io("read", path))?;
    let parsed = classify(&buf).map_err(|bad| corrupt(path, bad.line_index + 1, bad.reason))?;
    let repair = match &parsed.torn {
        Some(torn) => Some(cut(
            &file,
            writable,
            path,
            torn.offset as u64,
            &buf[torn.offset..],
            torn.line_index + 1,
        )?),
        None => None,
    };
    Ok((parsed.entries, repair))
}

/// The state of the end of an author file before an append.
#[derive(Debug)]
pub struct Tail {
    /// File length once any torn tail is cut: where the new line will start.
    pub len: u64,
    /// `seq` of the last entry, if any (new entries must come strictly after it).
    pub last_seq: Option<u64>,
    /// The last entry lacks its final `\n`: the new line must start with one.
    pub needs_newline: bool,
    pub repair: Option<Repair>,
}

/// Checks the end of `file` (opened read + append) before an append, reading only its last
/// lines, and cuts a torn tail: a new line must never be glued to a half-written one.
pub fn check_tail(file: &File, path: &Path) -> Result<Tail, JournalError> {
    let len = file_len(file, path)?;
    let (slice_start, chunk) = read_tail(file, path, len)?;
    let parsed = match classify(&chunk) {
        Ok(parsed) => parsed,
        Err(bad) => {
            let line = count_lines(file, path, slice_start)? + bad.line_index + 1;
            return Err(corrupt(path, line, bad.reason));
        }
    };
    let last_seq = parsed.entries.iter().map(|e| e.seq).max();
    let Some(torn) = parsed.torn else {
        let repair = match parsed.unterminated {
            true => Some(Repair {
                file: path.to_path_buf(),
                line: count_lines(file, path, len)? + 1,
                bytes: 0,
                saved_to: None,
                kind: RepairKind::NewlineAdded,
            }),
            false => None,
        };
        return Ok(Tail {
            len,
            last_seq,
            needs_newline: parsed.unterminated,
            repair,
        });
    };
    let offset = slice_start + torn.offset as u64;
    let line = count_lines(file, path, slice_start)? + torn.line_index + 1;
    let repair = cut(file, true, path, offset, &chunk[torn.offset..], line)?;
    Ok(Tail {
        len: offset,
        last_seq,
        needs_newline: false,
        repair: Some(repair),
    })
}

/// The highest `seq` among the last entries of a file, read from its end, changing nothing.
/// For the files of other authors: a torn or corrupt file is dealt with when it is read or
/// appended to, so errors here just mean "none".
pub fn last_seq(path: &Path) -> Option<u64> {
    let file = File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let (_, chunk) = read_tail(&file, path, len).ok()?;
    classify(&chunk).ok()?.entries.iter().map(|e| e.seq).max()
}

/// The end of a file, starting at a line boundary and holding at least its last complete
/// line and whatever follows it; with the offset where it starts.
fn read_tail(file: &File, path: &Path, len: u64) -> Result<(u64, Vec<u8>), JournalError> {
    let mut want = len.min(8 * 1024);
    loop {
        let start = len - want;
        let chunk = read_range(file, path, start, want)?;
        if start == 0 {
            return Ok((0, chunk));
        }
        let newlines = positions_of_newlines(&chunk);
        if newlines.len() >= 2 {
            // Skip the partial line the chunk starts in.
            let skip = newlines[0] + 1;
            return Ok((start + skip as u64, chunk[skip..].to_vec()));
        }
        want = len.min(want * 2);
    }
}

fn file_len(file: &File, path: &Path) -> Result<u64, JournalError> {
    Ok(file
        .metadata()
        .map_err(JournalError::io("read the size of", path))?
        .len())
}

/// Saves `torn` (the bytes from `offset` to the end of `file`) to a side file, syncs it, then
/// cuts the file at `offset` and syncs it: the one change ever made to written lines. In a
/// read-only folder nothing is changed and the repair says so (`saved_to: None`).
fn cut(
    file: &File,
    writable: bool,
    path: &Path,
    offset: u64,
    torn: &[u8],
    line: usize,
) -> Result<Repair, JournalError> {
    let mut repair = Repair {
        file: path.to_path_buf(),
        line,
        bytes: torn.len(),
        saved_to: None,
        kind: RepairKind::Torn,
    };
    if !writable {
        return Ok(repair);
    }
    match save_side_file(path, torn) {
        Ok(side) => repair.saved_to = Some(side),
        Err(e) if is_read_only(&e) => return Ok(repair),
        Err(e) => return Err(JournalError::io("save the torn line of", path)(e)),
    }
    file.set_len(offset)
        .and_then(|()| file.sync_all())
        .map_err(JournalError::io("cut the torn line of", path))?;
    Ok(repair)
}

/// Opens a journal file for reading and, if allowed, writing (needed to cut a torn tail).
fn open_rw(path: &Path) -> Result<(File, bool), JournalError> {
    match OpenOptions::new().read(true).write(true).open(path) {
        Ok(file) => Ok((file, true)),
        Err(e) if is_read_only(&e) => File::open(path)
            .map(|f| (f, false))
            .map_err(JournalError::io("open", path)),
        Err(e) => Err(JournalError::io("open", path)(e)),
    }
}

fn read_range(mut file: &File, path: &Path, start: u64, len: u64) -> Result<Vec<u8>, JournalError> {
    let mut buf = Vec::with_capacity(len as usize);
    file.seek(SeekFrom::Start(start))
        .and_then(|_| file.take(len).read_to_end(&mut buf))
        .map_err(JournalError::io("read", path))?;
    Ok(buf)
}

fn positions_of_newlines(bytes: &[u8]) -> Vec<usize> {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect()
}

/// How many lines end before byte `offset` (only on the rare error and repair paths).
fn count_lines(file: &File, path: &Path, offset: u64) -> Result<usize, JournalError> {
    Ok(positions_of_newlines(&read_range(file, path, 0, offset)?).len())
}

fn corrupt(path: &Path, line: usize, reason: String) -> JournalError {
    JournalError::Corrupt {
        file: path.to_path_buf(),
        line,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        r#"{"id":"a","time":"2026-11-23T12:00:00.000Z","author":"x","action":"y","payload":{}}"#;

    fn buf(lines: &[&str], tail: &str) -> Vec<u8> {
        let mut s: String = lines.iter().map(|l| format!("{l}\n")).collect();
        s.push_str(tail);
        s.into_bytes()
    }

    #[test]
    fn clean_and_empty_files() {
        let parsed = classify(&buf(&[GOOD, "", GOOD], "")).unwrap();
        assert_eq!(parsed.entries.len(), 2);
        assert_eq!(parsed.torn, None);
        assert!(classify(b"").unwrap().entries.is_empty());
    }

    #[test]
    fn half_line_without_newline_is_torn() {
        let b = buf(&[GOOD], r#"{"id":"b","ti"#);
        let parsed = classify(&b).unwrap();
        assert_eq!(parsed.entries.len(), 1);
        let torn = parsed.torn.unwrap();
        assert_eq!((torn.offset, torn.line_index), (GOOD.len() + 1, 1));
        // A crash during the very first append leaves nothing but the torn line.
        let only = classify(br#"{"id":"b","ti"#).unwrap();
        assert_eq!(
            only.torn,
            Some(Torn {
                offset: 0,
                line_index: 0
            })
        );
        // A complete entry missing only its newline is an entry (issue 10).
        let parsed = classify(&buf(&[GOOD], GOOD)).unwrap();
        assert_eq!(
            (parsed.entries.len(), parsed.torn, parsed.unterminated),
            (2, None, true)
        );
        assert!(!classify(&buf(&[GOOD], "")).unwrap().unterminated);
    }

    #[test]
    fn unparseable_last_line_is_torn() {
        let parsed = classify(&buf(&[GOOD, "\0\0\0\0"], "")).unwrap();
        assert_eq!(
            parsed.torn,
            Some(Torn {
                offset: GOOD.len() + 1,
                line_index: 1
            })
        );
    }

    #[test]
    fn bad_line_before_another_is_corruption() {
        let err = classify(&buf(&[GOOD, "{oops", GOOD], "")).unwrap_err();
        assert_eq!(err.line_index, 1);
        let err = classify(&buf(&["{oops"], "half")).unwrap_err();
        assert_eq!(err.line_index, 0);
    }
}

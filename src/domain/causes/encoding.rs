//! Encoding: whether one text is another's bytes decoded with the wrong charset. The
//! migrated text is re-encoded and decoded another way to see whether that gives back the
//! expected text (and the reverse), once or twice; characters replaced by `?` or U+FFFD are
//! compared position by position.

use encoding_rs::WINDOWS_1252;
use serde::{Deserialize, Serialize};

/// Which decoding happened. Written in the JSON as the sentence an engineer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Decoding {
    /// `Grégoire → GrÃ©goire`: UTF-8 bytes read as Windows-1252.
    #[serde(rename = "UTF-8 read as Windows-1252")]
    Utf8AsWindows1252,
    /// The same with ISO-8859-1, where 0x80–0x9F become control characters (`É → Ã\u{89}`).
    #[serde(rename = "UTF-8 read as Latin-1")]
    Utf8AsLatin1,
    /// Read wrongly twice (`é → Ã©` → `ÃƒÂ©`).
    #[serde(rename = "UTF-8 read as Windows-1252 twice (double encoding)")]
    DoubleEncoding,
    /// Windows-1252 bytes read as UTF-8: accented letters become U+FFFD (`Gr�goire`).
    #[serde(rename = "Windows-1252 read as UTF-8")]
    Windows1252AsUtf8,
    /// Characters the target charset lacks replaced by `?` or U+FFFD.
    #[serde(rename = "characters replaced by ? or U+FFFD")]
    Replaced,
    /// The expected text is the mojibake and the delivery is right: the source extraction
    /// was read with the wrong charset (the campaign's `encoding`).
    #[serde(rename = "source UTF-8 read as Windows-1252 (the campaign's encoding)")]
    SourceUtf8AsWindows1252,
}

impl Decoding {
    pub fn label_en(self) -> &'static str {
        match self {
            Decoding::Utf8AsWindows1252 => "UTF-8 read as Windows-1252",
            Decoding::Utf8AsLatin1 => "UTF-8 read as Latin-1",
            Decoding::DoubleEncoding => "UTF-8 read as Windows-1252 twice (double encoding)",
            Decoding::Windows1252AsUtf8 => "Windows-1252 read as UTF-8",
            Decoding::Replaced => "characters replaced by ? or U+FFFD",
            Decoding::SourceUtf8AsWindows1252 => {
                "source UTF-8 read as Windows-1252 (the campaign's encoding)"
            }
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Decoding::Utf8AsWindows1252 => "UTF-8 lu comme Windows-1252",
            Decoding::Utf8AsLatin1 => "UTF-8 lu comme Latin-1",
            Decoding::DoubleEncoding => "UTF-8 lu deux fois comme Windows-1252 (double encodage)",
            Decoding::Windows1252AsUtf8 => "Windows-1252 lu comme UTF-8",
            Decoding::Replaced => "caractères remplacés par ? ou U+FFFD",
            Decoding::SourceUtf8AsWindows1252 => {
                "source UTF-8 lue comme Windows-1252 (l'encodage de la campagne)"
            }
        }
    }
}

/// The text whose UTF-8 bytes, read as Windows-1252, give `text`; `None` when `text` has
/// no such bytes (a character Windows-1252 lacks, or bytes that are not UTF-8).
fn undo_windows_1252(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(text);
    if unmappable {
        return None;
    }
    String::from_utf8(bytes.into_owned()).ok()
}

/// The same with ISO-8859-1: every character is one byte U+0000–U+00FF.
fn undo_latin_1(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// `text` written in Windows-1252 and read as UTF-8 (invalid bytes become U+FFFD).
fn windows_1252_read_as_utf8(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(text);
    (!unmappable).then(|| String::from_utf8_lossy(&bytes).into_owned())
}

/// The (expected, migrated) pairs that compare equal if this decoding happened: the
/// migrated text repaired, or the expected one. The combination search tries them with the
/// other transformations (`GRÃ‰GOIRE` is `Grégoire` mis-decoded, then upper-cased).
pub(super) fn candidates(expected: &str, migrated: &str) -> Vec<(String, String, Decoding)> {
    let mut out = Vec::new();
    if let Some(fixed) = undo_windows_1252(migrated) {
        if let Some(twice) = undo_windows_1252(&fixed) {
            out.push((expected.to_string(), twice, Decoding::DoubleEncoding));
        }
        out.push((expected.to_string(), fixed, Decoding::Utf8AsWindows1252));
    }
    if let Some(fixed) = undo_latin_1(migrated) {
        if let Some(twice) = undo_latin_1(&fixed) {
            out.push((expected.to_string(), twice, Decoding::DoubleEncoding));
        }
        out.push((expected.to_string(), fixed, Decoding::Utf8AsLatin1));
    }
    // Without a U+FFFD the bytes were valid UTF-8: the expected text is the mojibake,
    // found just below.
    if let Some(read) = windows_1252_read_as_utf8(expected).filter(|r| r.contains('\u{FFFD}')) {
        out.push((read, migrated.to_string(), Decoding::Windows1252AsUtf8));
    }
    if let Some(fixed) = undo_windows_1252(expected) {
        out.push((
            fixed,
            migrated.to_string(),
            Decoding::SourceUtf8AsWindows1252,
        ));
    }
    // When both readings give the text back (only letters of U+00A0–U+00FF involved),
    // Windows-1252 is named: it is what legacy Windows tools use.
    out.sort_by_key(|(_, _, d)| *d);
    out
}

/// The decoding that alone explains `migrated` from `expected`, if any.
pub(super) fn decoding(expected: &str, migrated: &str) -> Option<Decoding> {
    candidates(expected, migrated)
        .into_iter()
        .find(|(e, m, _)| e == m)
        .map(|(_, _, d)| d)
        .or_else(|| replaced(expected, migrated).then_some(Decoding::Replaced))
}

fn is_replacement(c: char) -> bool {
    c == '?' || c == '\u{FFFD}'
}

/// Whether `migrated` is `expected` with some of its non-ASCII characters replaced, each by
/// one `?`/U+FFFD, or each by one per UTF-8 byte (a byte-wise conversion), everything else
/// equal.
fn replaced(expected: &str, migrated: &str) -> bool {
    let m: Vec<char> = migrated.chars().collect();
    if !m.iter().copied().any(is_replacement) || expected.is_ascii() || expected == migrated {
        return false;
    }
    [false, true].into_iter().any(|bytewise| {
        let mut j = 0;
        for c in expected.chars() {
            let width = if bytewise { c.len_utf8() } else { 1 };
            if m.get(j) == Some(&c) {
                j += 1;
            } else if !c.is_ascii()
                && j + width <= m.len()
                && m[j..j + width].iter().copied().all(is_replacement)
            {
                j += width;
            } else {
                return false;
            }
        }
        j == m.len()
    })
}

//! Content digests of the files a sign-off covers (`domain::signoff`): the sha-256 of each
//! file's bytes, remembered in the results folder under the file's fingerprint
//! (`cache::fingerprint`) so that an unchanged file is read once, not at every `status`.
//! A digest names the content, not the path or the time: copying a campaign elsewhere keeps
//! its sign-offs, touching a file without changing it too.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::cache::{Cache, digest, fingerprint};
use super::error::StoreError;
use crate::domain::campaign::{Campaign, Delivery, Resource};
use crate::domain::signoff::SignoffFiles;

/// What a file that cannot be read is recorded as: it matches no digest.
pub const ABSENT: &str = "absent";

/// `sha256:<hex>` of the file's bytes.
pub fn content_digest(cache: &Cache, file: &Path) -> Result<String, StoreError> {
    let name = format!(
        "digest-{}.txt",
        digest(&[b"content", fingerprint(file)?.as_bytes()])
    );
    if let Ok(known) = std::fs::read_to_string(cache.path(&name))
        && known.starts_with("sha256:")
    {
        return Ok(known);
    }
    let mut reader = File::open(file).map_err(StoreError::io(file))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = reader.read(&mut buffer).map_err(StoreError::io(file))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let found = format!("sha256:{hex}");
    // Remembering it is a convenience: a read-only results folder only costs a re-read.
    let _ = cache.write(&name, found.as_bytes());
    Ok(found)
}

fn or_absent(cache: &Cache, file: &Path) -> String {
    content_digest(cache, file).unwrap_or_else(|_| ABSENT.to_string())
}

/// The digests of the files a sign-off of `resource` on `delivery` covers, as they are now.
/// A file that cannot be read is `absent` (a sign-off recorded on it no longer matches).
pub fn signoff_files(
    cache: &Cache,
    campaign: &Campaign,
    resource: &Resource,
    delivery: &Delivery,
) -> SignoffFiles {
    SignoffFiles {
        campaign: or_absent(cache, &campaign.file),
        checklist: campaign.checklist.as_deref().map(|f| or_absent(cache, f)),
        source: or_absent(cache, &resource.source),
        migrated: or_absent(cache, &delivery.dir.join(&resource.migrated)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_follows_the_content_not_the_time() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("cache")).unwrap();
        let f = dir.path().join("a.csv");
        std::fs::write(&f, "a\n1\n").unwrap();
        let first = content_digest(&cache, &f).unwrap();
        assert!(first.starts_with("sha256:"), "{first}");
        std::fs::write(&f, "a\n1\n").unwrap();
        assert_eq!(content_digest(&cache, &f).unwrap(), first, "same bytes");
        std::fs::write(&f, "a\n2\n").unwrap();
        assert_ne!(content_digest(&cache, &f).unwrap(), first, "other bytes");
        assert_eq!(or_absent(&cache, &dir.path().join("none.csv")), ABSENT);
    }
}

//! Encryption at rest: the database's rows on its disks sealed under a data key that lives in a
//! key service, not on the disks. A thief who walks off with a disk (or finds a discarded one)
//! reads the rows in the clear when it is off, and only ciphertext when it is on. Destroying the
//! key makes every row unreadable for good: crypto-shredding.
//!
//! Each row is sealed with ChaCha20-Poly1305; its nonce's counter is stored in front of the
//! ciphertext, as disk formats store theirs, and is the row's version (unique to each write), so
//! no nonce is used twice for different rows under the key.

use super::accounts::account_name;
use super::keys::{derive, Key};
use super::seal::{open, seal, Sealed};

/// One row as the database wrote it and as it lies on the platter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskRow {
    /// What the database wrote, such as "order 1042 · v17 · ada · 2 × desk lamp · card ending 4242".
    pub text: String,
    /// The bytes on the disk: the text itself when encryption at rest is off; else the nonce's
    /// counter (8 bytes, big-endian), the ciphertext and its 16-byte tag.
    pub bytes: Vec<u8>,
}

/// What a thief reads off a stolen disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StolenDisk {
    /// Which disk, such as "disk 0 of database node 1 (healthy)".
    pub label: String,
    /// Whether the rows on it are encrypted.
    pub encrypted: bool,
    /// A handful of its rows, newest first.
    pub rows: Vec<DiskRow>,
}

/// Encryption at rest as the view shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AtRestView {
    /// Whether the disks are encrypted.
    pub on: bool,
    /// The data key the key service holds; `None` once it was destroyed.
    pub key: Option<Key>,
}

/// The data key of the run seeded with `seed`.
pub fn data_key(seed: u64) -> Key {
    derive(seed, "at-rest data key")
}

/// The row the database keeps for version `version` (from 1) of `key`.
pub fn row_text(key: u32, version: u64) -> String {
    const ITEMS: [&str; 5] = ["desk lamp", "notebook", "headphones", "coffee mug", "backpack"];
    let card = (u64::from(key) * 7_919 + 4_242) % 10_000;
    format!(
        "order {} · v{version} · {} · {} × {} · card ending {card:04}",
        1_000 + key,
        account_name(key),
        1 + version % 3,
        ITEMS[key as usize % ITEMS.len()]
    )
}

/// The row for version `version` of `key` as it lies on the disk: sealed under `data_key` if
/// given, else in the clear.
pub fn disk_row(key: u32, version: u64, data_key: Option<&Key>) -> DiskRow {
    let text = row_text(key, version);
    let bytes = match data_key {
        Some(k) => {
            let sealed = seal(k, version, text.as_bytes());
            let mut bytes = sealed.counter.to_be_bytes().to_vec();
            bytes.extend_from_slice(&sealed.bytes);
            bytes
        }
        None => text.as_bytes().to_vec(),
    };
    DiskRow { text, bytes }
}

/// Reads a sealed row's bytes with `data_key`: its text, or `None` with the wrong key or a
/// changed byte.
pub fn open_row(data_key: &Key, bytes: &[u8]) -> Option<String> {
    let (counter, sealed) = bytes.split_first_chunk::<8>()?;
    let sealed = Sealed { counter: u64::from_be_bytes(*counter), bytes: sealed.to_vec() };
    open(data_key, &sealed).map(|b| String::from_utf8_lossy(&b).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_reads_as_an_order() {
        assert_eq!(row_text(42, 17), "order 1042 · v17 · user42 · 3 × headphones · card ending 6840");
        assert!(row_text(0, 1).contains("· ada ·"));
    }

    #[test]
    fn a_sealed_row_shows_nothing_and_opens_only_with_its_key() {
        let key = data_key(5);
        let row = disk_row(3, 9, Some(&key));
        assert!(!row.bytes.windows(5).any(|w| w == b"order"));
        assert!(!row.bytes.windows(4).any(|w| w == b"card"));
        assert_eq!(open_row(&key, &row.bytes).as_deref(), Some(row.text.as_str()));
        assert_eq!(open_row(&data_key(6), &row.bytes), None);
        let mut changed = row.bytes.clone();
        changed[20] ^= 1;
        assert_eq!(open_row(&key, &changed), None);
        let clear = disk_row(3, 9, None);
        assert_eq!(clear.bytes, clear.text.as_bytes());
        assert_ne!(disk_row(3, 9, Some(&key)).bytes, disk_row(3, 10, Some(&key)).bytes);
    }
}

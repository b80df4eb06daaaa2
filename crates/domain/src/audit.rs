//! The tamper-evident audit chain: how an entry's hash is computed and how a chain is checked.
//!
//! Each entry hashes its own fields together with the previous entry's hash, so editing or
//! deleting any entry breaks every hash after it. The store also keeps the chain head (last
//! sequence number and hash) so that removing the newest entries is detected too. An attacker
//! with database access can also rewrite that head (cut the tail, or recompute every hash after
//! an edit), so the head is published outside the database as well ([`ChainHead`] anchors in a
//! file beside the backups): an anchored entry must still be there with the same hash.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash the first entry chains to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One stored audit entry, exactly as persisted (JSON kept as the text that was hashed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the chain, starting at 1, without gaps.
    pub seq: i64,
    /// When it happened, milliseconds since the Unix epoch (UTC).
    pub at_ms: i64,
    /// Acting user id; `None` for the system or the CLI.
    pub actor_id: Option<i64>,
    /// Acting user's login (or `system` / `cli`) at the time.
    pub actor: String,
    /// What happened, e.g. `unit.update`, `user.login`.
    pub action: String,
    /// Kind of object changed, e.g. `unit`, `user`.
    pub entity: String,
    /// Its identifier.
    pub entity_id: String,
    /// JSON of the object before the change (`None` when created).
    pub before: Option<String>,
    /// JSON of the object after the change (`None` when deleted).
    pub after: Option<String>,
    /// Hash of the previous entry.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// Computes the hash of an entry from its fields and the previous hash.
/// Fields are length-prefixed so that no two different entries serialise alike.
pub fn entry_hash(e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(e.prev_hash.as_bytes());
    field(&e.seq.to_be_bytes());
    field(&e.at_ms.to_be_bytes());
    match e.actor_id {
        Some(id) => field(&id.to_be_bytes()),
        None => field(b"-"),
    }
    field(e.actor.as_bytes());
    field(e.action.as_bytes());
    field(e.entity.as_bytes());
    field(e.entity_id.as_bytes());
    field(e.before.as_deref().unwrap_or("\u{0}").as_bytes());
    field(e.after.as_deref().unwrap_or("\u{0}").as_bytes());
    hex::encode(h.finalize())
}

/// What `audit verify` found wrong, with the sequence number where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// An entry's stored hash does not match its content: the entry was edited.
    #[error("mục nhật ký số {seq} đã bị sửa (mã băm không khớp nội dung)")]
    Edited { seq: i64 },
    /// An entry does not chain to the one before it, or a number is missing: deleted entries.
    #[error("chuỗi nhật ký bị đứt tại mục số {seq} (có mục bị xóa hoặc chèn)")]
    Broken { seq: i64 },
    /// The chain ends before the recorded head: the newest entries were deleted.
    #[error("nhật ký kết thúc ở mục {last}, nhưng đầu chuỗi ghi nhận mục {head}: các mục mới nhất đã bị xóa")]
    Truncated { last: i64, head: i64 },
    /// The last entry's hash differs from the recorded head.
    #[error("mã băm đầu chuỗi không khớp mục cuối (số {seq})")]
    HeadMismatch { seq: i64 },
    /// The chain ends before an anchor published outside the database: the newest entries
    /// were cut (and the head rewritten to match).
    #[error("nhật ký kết thúc ở mục {last}, nhưng mốc đã công bố ghi nhận mục {anchored}: các mục mới nhất đã bị cắt")]
    BehindAnchor { last: i64, anchored: i64 },
    /// An anchored entry's hash differs from the published one: the chain up to it was rewritten.
    #[error("mục nhật ký số {seq} khác với mốc đã công bố (chuỗi đã bị viết lại)")]
    AnchorMismatch { seq: i64 },
}

/// The head of the chain at some moment: published outside the database as an anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    /// The last sequence number (0 for an empty log).
    pub seq: i64,
    /// Its hash ([`GENESIS_HASH`] for an empty log).
    pub hash: String,
}

/// Incrementally checks a chain read in sequence order, so huge logs need no memory.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
    /// Published heads (sequence number → hash) the chain must still contain.
    anchors: BTreeMap<i64, String>,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self { expected_seq: 1, prev_hash: GENESIS_HASH.to_string(), anchors: BTreeMap::new() }
    }
}

impl ChainVerifier {
    /// A verifier that also checks the chain against heads published outside the database.
    pub fn with_anchors(anchors: &[ChainHead]) -> Self {
        let anchors = anchors.iter().filter(|a| a.seq > 0).map(|a| (a.seq, a.hash.clone())).collect();
        Self { anchors, ..Self::default() }
    }

    /// Checks the next entry.
    pub fn push(&mut self, e: &AuditEntry) -> Result<(), ChainBreak> {
        if e.seq != self.expected_seq || e.prev_hash != self.prev_hash {
            return Err(ChainBreak::Broken { seq: e.seq });
        }
        if entry_hash(e) != e.hash {
            return Err(ChainBreak::Edited { seq: e.seq });
        }
        if self.anchors.get(&e.seq).is_some_and(|h| *h != e.hash) {
            return Err(ChainBreak::AnchorMismatch { seq: e.seq });
        }
        self.expected_seq += 1;
        self.prev_hash = e.hash.clone();
        Ok(())
    }

    /// Checks the end of the chain against the recorded head (`None` for an empty log) and
    /// the latest anchor.
    pub fn finish(self, head: Option<(i64, &str)>) -> Result<i64, ChainBreak> {
        let last = self.expected_seq - 1;
        if let Some((&anchored, _)) = self.anchors.last_key_value().filter(|(s, _)| **s > last) {
            return Err(ChainBreak::BehindAnchor { last, anchored });
        }
        match head {
            None if last == 0 => Ok(0),
            None => Err(ChainBreak::HeadMismatch { seq: last }),
            Some((seq, _)) if seq > last => Err(ChainBreak::Truncated { last, head: seq }),
            Some((seq, _)) if seq < last => Err(ChainBreak::Broken { seq: seq + 1 }),
            Some((_, hash)) if hash != self.prev_hash => Err(ChainBreak::HeadMismatch { seq: last }),
            Some(_) => Ok(last),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEntry {
                    seq,
                    at_ms: 1_700_000_000_000 + seq,
                    actor_id: Some(1),
                    actor: "admin".into(),
                    action: "unit.update".into(),
                    entity: "unit".into(),
                    entity_id: seq.to_string(),
                    before: Some(r#"{"name":"A"}"#.into()),
                    after: Some(r#"{"name":"B"}"#.into()),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = entry_hash(&e);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn verify(entries: &[AuditEntry], head: Option<(i64, &str)>) -> Result<i64, ChainBreak> {
        let mut v = ChainVerifier::default();
        for e in entries {
            v.push(e)?;
        }
        v.finish(head)
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify(&c, Some((5, &c[4].hash))), Ok(5));
        assert_eq!(verify(&[], None), Ok(0));
    }

    #[test]
    fn edits_deletions_and_truncation_are_found() {
        let c = chain(5);
        let head = (5, c[4].hash.as_str());

        let mut edited = c.clone();
        edited[2].after = Some(r#"{"name":"C"}"#.into());
        assert_eq!(verify(&edited, Some(head)), Err(ChainBreak::Edited { seq: 3 }));

        let mut deleted = c.clone();
        deleted.remove(1);
        assert_eq!(verify(&deleted, Some(head)), Err(ChainBreak::Broken { seq: 3 }));

        let truncated = &c[..3];
        assert_eq!(verify(truncated, Some(head)), Err(ChainBreak::Truncated { last: 3, head: 5 }));

        // Re-hashing an edited entry still breaks the link to the next one.
        let mut rehashed = c.clone();
        rehashed[1].actor = "mallory".into();
        rehashed[1].hash = entry_hash(&rehashed[1]);
        assert_eq!(verify(&rehashed, Some(head)), Err(ChainBreak::Broken { seq: 3 }));
    }

    #[test]
    fn anchors_catch_a_cut_or_rewritten_chain() {
        let c = chain(5);
        let anchor = |i: usize| ChainHead { seq: c[i].seq, hash: c[i].hash.clone() };
        let verify_anchored = |entries: &[AuditEntry], anchors: &[ChainHead]| {
            let mut v = ChainVerifier::with_anchors(anchors);
            for e in entries {
                v.push(e)?;
            }
            let last = entries.last().map(|e| (e.seq, e.hash.as_str()));
            v.finish(last)
        };
        assert_eq!(verify_anchored(&c, &[anchor(2), anchor(4)]), Ok(5));
        // The tail cut and the head rewritten to match: only the anchor knows.
        assert_eq!(verify_anchored(&c[..3], &[anchor(4)]), Err(ChainBreak::BehindAnchor { last: 3, anchored: 5 }));
        // An edit with every later hash recomputed: self-consistent, but not the published chain.
        let mut rewritten = c.clone();
        rewritten[1].actor = "mallory".into();
        let mut prev = rewritten[0].hash.clone();
        for e in &mut rewritten[1..] {
            e.prev_hash = prev;
            e.hash = entry_hash(e);
            prev = e.hash.clone();
        }
        assert_eq!(verify_anchored(&rewritten, &[]), Ok(5));
        assert_eq!(verify_anchored(&rewritten, &[anchor(2)]), Err(ChainBreak::AnchorMismatch { seq: 3 }));
    }

    #[test]
    fn null_and_empty_fields_hash_differently() {
        let mut a = chain(1).remove(0);
        let h1 = entry_hash(&a);
        a.before = Some(String::new());
        assert_ne!(h1, entry_hash(&a));
    }
}

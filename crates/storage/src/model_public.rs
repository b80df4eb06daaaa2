//! Published snapshots for the public site: a titled table frozen at publication.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A table as published: column headers, rows of text cells, and a note (source, method).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    #[serde(default)]
    pub note: String,
}

/// A snapshot as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub id: i64,
    /// `par_ranking`, `sipas`, `plan_progress`, …: one current snapshot per kind.
    pub kind: String,
    pub title: String,
    pub table: PublishedTable,
    pub published_at: DateTime<Utc>,
    pub published_by: String,
    pub superseded_by: Option<i64>,
    pub unpublished_at: Option<DateTime<Utc>>,
}

impl Snapshot {
    /// Shown on the public site: neither superseded nor unpublished.
    pub fn is_current(&self) -> bool {
        self.superseded_by.is_none() && self.unpublished_at.is_none()
    }
}

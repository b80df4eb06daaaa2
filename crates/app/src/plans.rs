//! Importing plans and conclusion notices: parse the file, resolve agency phrases against the
//! registry, compare with what is stored (same file → nothing to do; same document with other
//! content → a revision with its differences), keep the result as a draft for review, and
//! store it when confirmed.

use cchc_domain::budget::{parse_budget, AmountUnit};
use cchc_domain::deadline::parse_deadline;
use cchc_domain::plan::{diff, Assignment, ParsedDocument, PlanContent, PlanDiff};
use cchc_domain::resolver::{ResolveContext, Resolver};
use cchc_domain::text::clean;
use cchc_domain::user::Actor;
use cchc_import::{parse_document, resolve_agencies, ImportError, ParseOptions};
use cchc_storage::model::StoredDocument;
use cchc_storage::{Store, StoreError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::accounts::ServiceError;

/// Why a document could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum PlanImportError {
    /// The file itself: empty, binary, PDF, undecodable, no recognisable content…
    #[error("{0}")]
    File(#[from] ImportError),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<StoreError> for PlanImportError {
    fn from(e: StoreError) -> Self {
        PlanImportError::Service(e.into())
    }
}

/// The registry as a resolver (all units, past and present, with their changes).
pub async fn resolver(store: &dyn Store) -> Result<Resolver, ServiceError> {
    let units = store.all_units().await?;
    let changes = store.list_changes(None).await?;
    Ok(Resolver::new(&units, &changes))
}

/// Parses and resolves a file (CPU-bound: call from a blocking thread).
pub fn parse(
    bytes: &[u8],
    file_name: &str,
    max_bytes: usize,
    resolver: &Resolver,
) -> Result<ParsedDocument, ImportError> {
    let opts = ParseOptions { max_bytes, ..ParseOptions::default() };
    let mut doc = parse_document(bytes, Some(file_name), &opts)?;
    resolve_agencies(&mut doc, resolver, None);
    Ok(doc)
}

/// SHA-256 of the uploaded bytes, hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The stored shape of a parsed upload: the file's name and hash, and the province the
/// registry knows the document by.
pub fn into_content(doc: ParsedDocument, file_name: &str, sha: &str, resolver: &Resolver) -> PlanContent {
    let province_id = doc.document.province_phrases().find_map(|t| resolver.find_province(t));
    doc.into_content(file_name, sha, province_id)
}

/// How an upload relates to what is stored.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Existing {
    /// A document cchc does not have yet.
    New,
    /// Exactly this file was imported before.
    SameFile { document: StoredDocument },
    /// Another file of a document cchc has, with the same tasks and targets.
    SameContent { document: StoredDocument },
    /// A revised version of a stored document.
    Revision { document: StoredDocument, diff: PlanDiff },
}

/// Compares a parsed upload with the stored documents.
pub async fn compare(store: &dyn Store, content: &PlanContent) -> Result<Existing, ServiceError> {
    if let Some(d) = store.document_by_sha(&content.meta.sha256).await? {
        return Ok(Existing::SameFile { document: d });
    }
    let Some(current) = store.active_document(&content.meta.identity()).await? else {
        return Ok(Existing::New);
    };
    let stored = store.plan_content(current.id).await?;
    let d = diff(&stored, content);
    Ok(if d.is_empty() {
        Existing::SameContent { document: current }
    } else {
        Existing::Revision { document: current, diff: d }
    })
}

/// What storing an upload did.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Stored {
    Created {
        document: StoredDocument,
    },
    Revised {
        document: StoredDocument,
        replaced: Box<StoredDocument>,
    },
    /// Nothing changed: the same file, or the same tasks and targets.
    Unchanged {
        document: StoredDocument,
    },
}

/// Stores a reviewed upload: a new document, a revision replacing the active version, or
/// nothing when the content is already there. Importing the same document twice changes nothing.
pub async fn store_plan(store: &dyn Store, actor: &Actor, content: &PlanContent) -> Result<Stored, ServiceError> {
    let cfg = crate::tracking::config(store).await?;
    let days = crate::workdays::calendar(store).await?;
    let (units, changes) = (store.all_units().await?, store.list_changes(None).await?);
    let registry = crate::tracking::Registry { units: &units, changes: &changes };
    let instances = crate::tracking::instances_for(content, &cfg, &days, registry, crate::tracking::today());
    Ok(match compare(store, content).await? {
        Existing::New => Stored::Created { document: store.save_plan(actor, content, None, &instances).await? },
        Existing::SameFile { document } | Existing::SameContent { document } => Stored::Unchanged { document },
        Existing::Revision { document, .. } => {
            let new = store.save_plan(actor, content, Some(document.id), &instances).await?;
            Stored::Revised { document: new, replaced: Box::new(document) }
        }
    })
}

/// A draft under review: the stored shape plus the importer's JSON and summary.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Draft {
    pub content: PlanContent,
    /// The importer's summary, shown above the tables.
    pub summary: String,
    /// The unit whose own annual plan this is (`None`: a province document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_unit: Option<cchc_domain::unit::UnitId>,
    /// For a unit plan: the province tasks `content.tasks[i]` implements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Vec<cchc_domain::plan::TaskId>>,
}

/// Why an uploaded plan could not become a draft.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// The importer refused the file; the message says why, for the user.
    #[error("Không đọc được tệp «{file}»: {message}")]
    Unreadable { file: String, message: String },
    #[error(transparent)]
    Service(#[from] ServiceError),
}

/// Reads an uploaded plan or notice (off the async executor) and keeps it as a draft for the
/// office to review; returns the draft's id.
pub async fn draft_from_upload(
    store: &dyn Store,
    actor: &Actor,
    user: cchc_domain::user::UserId,
    file_name: &str,
    bytes: Vec<u8>,
    limit: usize,
) -> Result<i64, DraftError> {
    let (content, summary) = read_upload(store, file_name, bytes, limit).await?;
    let draft = Draft { content, summary, owner_unit: None, links: Vec::new() };
    Ok(keep_draft(store, actor, user, file_name, &draft).await?)
}

/// Parses and resolves an upload off the async executor: its stored shape and the importer's
/// summary.
pub async fn read_upload(
    store: &dyn Store,
    file_name: &str,
    bytes: Vec<u8>,
    limit: usize,
) -> Result<(PlanContent, String), DraftError> {
    let resolver = resolver(store).await?;
    let name = file_name.to_string();
    let parsed = tokio::task::spawn_blocking(move || {
        let sha = sha256(&bytes);
        parse(&bytes, &name, limit, &resolver).map(|doc| {
            let summary = cchc_import::summary(&doc);
            (into_content(doc, &name, &sha, &resolver), summary)
        })
    })
    .await
    .map_err(|e| ServiceError::Internal(e.to_string()))?;
    parsed.map_err(|e| DraftError::Unreadable { file: file_name.to_string(), message: e.to_string() })
}

/// Stores a draft for its owner's review; returns its id.
pub async fn keep_draft(
    store: &dyn Store,
    actor: &Actor,
    user: cchc_domain::user::UserId,
    file_name: &str,
    draft: &Draft,
) -> Result<i64, ServiceError> {
    let sha = draft.content.meta.sha256.clone();
    let json = serde_json::to_string(draft).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(store.create_draft(actor, user, file_name, &sha, &json).await?)
}

/// A correction of one task's cells typed on the review page.
#[derive(Debug, Clone, Default)]
pub struct TaskEdit {
    pub title: String,
    pub lead: String,
    pub coordinating: String,
    pub deadline: String,
    pub budget: String,
}

/// Applies a correction: agencies are resolved again, deadline and budget parsed again.
pub fn edit_task(
    content: &mut PlanContent,
    index: usize,
    edit: &TaskEdit,
    resolver: &Resolver,
) -> Result<(), ServiceError> {
    let year = content.meta.plan_year.or(content.meta.date.map(|d| chrono::Datelike::year(&d)));
    let ctx = ResolveContext { province: content.meta.province_id, on: content.meta.date };
    let Some(task) = content.tasks.get_mut(index) else {
        return Err(ServiceError::Store(StoreError::NotFound("nhiệm vụ")));
    };
    let title = clean(&edit.title);
    if title.is_empty() {
        let mut e = cchc_domain::validation::FieldErrors::default();
        e.add("title", "Cần nhập tên nhiệm vụ.");
        return Err(ServiceError::Invalid(e));
    }
    task.title = title;
    task.lead = resolve_cell(resolver, &edit.lead, &ctx);
    task.coordinating = resolve_cell(resolver, &edit.coordinating, &ctx);
    task.deadline = parse_deadline(&clean(&edit.deadline), year);
    task.budget = parse_budget(&clean(&edit.budget), AmountUnit::Million);
    Ok(())
}

/// Resolves one agency cell typed by a person.
pub fn resolve_cell(resolver: &Resolver, text: &str, ctx: &ResolveContext) -> Assignment {
    let text = clean(text);
    if text.is_empty() {
        return Assignment::default();
    }
    let r = resolver.resolve(&text, ctx);
    Assignment {
        unit_ids: r.unit_ids(),
        names: r.names(),
        unresolved: r.unresolved().into_iter().map(str::to_string).collect(),
        groups: r.groups(),
        external: cchc_import::resolve::external_actors(&r, resolver, ctx.province),
        text,
    }
}

//! Importing index-766 files: dossier records (CSV, JSON Lines, XLSX), the procedure
//! catalogue, the unit-code map, methodology versions and portal figures.
//!
//! Units in dossier files are matched to the registry by unit **code**: the dossier's unit
//! equals a registry code (ignoring case), or is listed in the unit-code map
//! (`ma_don_vi_766 → ma_don_vi`, imported like any other file) when the one-stop-shop system
//! uses its own codes. Anything else is an unknown unit: reported with its line, never counted.

use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;

use cchc_domain::kpi::methodology::Methodology;
use cchc_domain::kpi::record::DossierRecord;
use cchc_domain::user::Actor;
use cchc_kpi::catalogue::Catalogue;
use cchc_kpi::check::{check_batch, Known};
use cchc_kpi::read::csv::CsvStream;
use cchc_kpi::read::{jsonl, xlsx, Batch, ErrorPolicy, Format, Issue, ReadError};
use cchc_kpi::reconcile::{read_portal_csv, read_portal_xlsx};
use cchc_kpi::sink::RecordSink;
use cchc_storage::model_kpi::{CatalogueReport, DossierImportNote, DossierImportReport};
use cchc_storage::DynStore;

use super::sink::StoreSink;
use super::{blocking, KpiError};

mod matcher;

pub(crate) use matcher::load_known;
pub use matcher::UnitMatcher;

/// What an uploaded file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Dossiers,
    Catalogue,
    UnitCodes,
}

impl FileKind {
    /// From a form value (`dossiers`, `catalogue`, `unit_codes`).
    pub fn parse(s: &str) -> Option<FileKind> {
        match s {
            "dossiers" | "" => Some(FileKind::Dossiers),
            "catalogue" => Some(FileKind::Catalogue),
            "unit_codes" => Some(FileKind::UnitCodes),
            _ => None,
        }
    }
}

/// A dossier file: bytes already in memory (uploads), a path streamed from disk (CLI), or
/// records pushed through the API, already read ([`cchc_kpi::read::push`]).
pub enum DossierSource {
    Bytes { file_name: String, bytes: Vec<u8> },
    Path(PathBuf),
    Records { name: String, batch: Batch },
}

impl DossierSource {
    fn name(&self) -> String {
        match self {
            DossierSource::Bytes { file_name, .. } => file_name.clone(),
            DossierSource::Path(p) => p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
            DossierSource::Records { name, .. } => name.clone(),
        }
    }
}

/// What an import did. With [`ErrorPolicy::RejectBatch`] and any error, `refused` is set and
/// nothing was written.
#[derive(Debug, Clone, Default)]
pub struct ImportOutcome {
    pub file_name: String,
    /// Data rows read (good and bad).
    pub rows: usize,
    /// Rows kept after the checks.
    pub accepted: usize,
    /// Rows left out.
    pub dropped: usize,
    /// Every issue with its line, in line order.
    pub issues: Vec<Issue>,
    pub refused: bool,
    /// What the store wrote (dossiers).
    pub written: Option<DossierImportReport>,
    /// What the store did (catalogue).
    pub catalogue: Option<CatalogueReport>,
}

fn format_of(name: &str, head: &[u8]) -> Format {
    match Format::from_path(std::path::Path::new(name)) {
        Some(f) => f,
        None if head.starts_with(b"PK\x03\x04") => Format::Xlsx,
        None if head.first() == Some(&b'{') => Format::JsonLines,
        None => Format::Csv,
    }
}

fn read_error(e: ReadError) -> KpiError {
    KpiError::Invalid(e.to_string())
}

/// Rows with at least one issue that leaves them out.
fn dropped_lines(issues: &[Issue]) -> usize {
    issues.iter().filter(|i| i.kind.drops_row()).map(|i| i.line).collect::<HashSet<_>>().len()
}

/// Checks one batch into `out` (counts, issues) and returns the records to write; with
/// [`ErrorPolicy::RejectBatch`] and any error, marks `out` refused and returns none.
pub(crate) fn check_into(
    out: &mut ImportOutcome,
    mut b: Batch,
    m: &UnitMatcher,
    known: &Known,
    policy: ErrorPolicy,
) -> Result<Vec<DossierRecord>, KpiError> {
    m.remap(&mut b);
    let checked = match check_batch(b, known, policy) {
        Ok(c) => c,
        Err(ReadError::Rejected(errors)) => {
            out.refused = true;
            out.dropped = dropped_lines(&errors);
            out.issues = errors;
            return Ok(Vec::new());
        }
        Err(e) => return Err(read_error(e)),
    };
    let dropped = dropped_lines(&checked.issues);
    out.rows += checked.records.len() + dropped;
    out.accepted += checked.records.len();
    out.dropped += dropped;
    out.issues.extend(checked.issues);
    Ok(checked.records)
}

/// What the audit entry says about an import's source.
pub(crate) fn note_of(out: &ImportOutcome, policy: ErrorPolicy) -> DossierImportNote {
    DossierImportNote {
        source: out.file_name.clone(),
        rows: out.rows,
        dropped: out.dropped,
        policy: if policy == ErrorPolicy::RejectBatch { "reject_batch" } else { "skip_bad" }.into(),
    }
}

/// Reads, checks and writes dossier records; one transaction and one audit entry.
pub async fn import_dossiers(
    store: &DynStore,
    actor: &Actor,
    source: DossierSource,
    policy: ErrorPolicy,
) -> Result<ImportOutcome, KpiError> {
    let (matcher, known) = load_known(store).await?;
    let (store, actor) = (store.clone(), actor.clone());
    let handle = tokio::runtime::Handle::current();
    blocking(move || {
        let mut run = Run { store, actor, handle, sink: None, out: ImportOutcome::default() };
        run.out.file_name = source.name();
        run.go(source, &matcher, &known, policy)?;
        Ok(run.out)
    })
    .await?
}

/// One import on a blocking thread.
struct Run {
    store: DynStore,
    actor: Actor,
    handle: tokio::runtime::Handle,
    sink: Option<StoreSink>,
    out: ImportOutcome,
}

impl Run {
    fn go(
        &mut self,
        source: DossierSource,
        m: &UnitMatcher,
        known: &Known,
        policy: ErrorPolicy,
    ) -> Result<(), KpiError> {
        let name = source.name();
        let unreadable = |e: std::io::Error| KpiError::Invalid(format!("không đọc được tệp «{name}»: {e}"));
        let reader: Box<dyn Read> = match source {
            DossierSource::Bytes { bytes, .. } => match format_of(&name, &bytes) {
                Format::Csv => Box::new(std::io::Cursor::new(bytes)),
                Format::JsonLines => {
                    return self.whole(jsonl::read_jsonl(&bytes).map_err(read_error)?, m, known, policy)
                }
                Format::Xlsx => return self.whole(xlsx::read_xlsx(&bytes).map_err(read_error)?, m, known, policy),
            },
            DossierSource::Records { batch, .. } => return self.whole(batch, m, known, policy),
            DossierSource::Path(p) => {
                let mut f = std::fs::File::open(&p).map_err(unreadable)?;
                let mut head = [0u8; 8];
                let n = f.read(&mut head).map_err(unreadable)?;
                match format_of(&name, &head[..n]) {
                    Format::Csv => {
                        let f = std::fs::File::open(&p).map_err(unreadable)?;
                        Box::new(std::io::BufReader::with_capacity(1 << 20, f))
                    }
                    fmt => {
                        let bytes = std::fs::read(&p).map_err(unreadable)?;
                        let b = if fmt == Format::Xlsx { xlsx::read_xlsx(&bytes) } else { jsonl::read_jsonl(&bytes) };
                        return self.whole(b.map_err(read_error)?, m, known, policy);
                    }
                }
            }
        };
        let stream = CsvStream::new(reader, 32 << 20).map_err(read_error)?;
        if policy == ErrorPolicy::RejectBatch {
            let mut all = Batch::default();
            for b in stream {
                all.extend(b.map_err(read_error)?);
            }
            return self.whole(all, m, known, policy);
        }
        for b in stream {
            self.block(b.map_err(read_error)?, m, known, policy)?;
        }
        self.finish(policy)
    }

    fn whole(&mut self, b: Batch, m: &UnitMatcher, known: &Known, policy: ErrorPolicy) -> Result<(), KpiError> {
        self.block(b, m, known, policy)?;
        self.finish(policy)
    }

    fn block(&mut self, b: Batch, m: &UnitMatcher, known: &Known, policy: ErrorPolicy) -> Result<(), KpiError> {
        let records = check_into(&mut self.out, b, m, known, policy)?;
        if records.is_empty() {
            return Ok(());
        }
        let (store, actor, handle) = (&self.store, &self.actor, &self.handle);
        let sink = self.sink.get_or_insert_with(|| StoreSink::begin(store.clone(), actor.clone(), handle.clone()));
        sink.write_batch(&records).map_err(|e| KpiError::Internal(e.to_string()))
    }

    fn finish(&mut self, policy: ErrorPolicy) -> Result<(), KpiError> {
        self.out.issues.sort_by_key(|i| i.line);
        let Some(mut sink) = self.sink.take() else { return Ok(()) };
        if self.out.refused {
            return Ok(()); // dropped without commit: nothing written
        }
        sink.set_note(note_of(&self.out, policy));
        sink.flush().map_err(|e| KpiError::Internal(e.to_string()))?;
        self.out.written = sink.report().cloned();
        Ok(())
    }
}

/// Reads a catalogue (CSV or XLSX) and upserts its procedures.
pub async fn import_catalogue(
    store: &DynStore,
    actor: &Actor,
    file_name: &str,
    bytes: Vec<u8>,
    policy: ErrorPolicy,
) -> Result<ImportOutcome, KpiError> {
    let name = file_name.to_string();
    let (cat, issues) = blocking(move || {
        if format_of(&name, &bytes) == Format::Xlsx {
            Catalogue::read_xlsx(&bytes)
        } else {
            Catalogue::read_csv(&bytes)
        }
    })
    .await?
    .map_err(read_error)?;
    let mut out = ImportOutcome { file_name: file_name.to_string(), ..ImportOutcome::default() };
    out.dropped = dropped_lines(&issues);
    out.accepted = cat.procedures.len();
    out.rows = out.accepted + out.dropped;
    out.issues = issues;
    if policy == ErrorPolicy::RejectBatch && !out.issues.is_empty() {
        out.refused = true;
        return Ok(out);
    }
    let mut list: Vec<_> = cat.procedures.into_values().collect();
    list.sort_by(|a, b| a.code.cmp(&b.code));
    if !list.is_empty() {
        out.catalogue = Some(store.import_procedures(actor, &list, file_name).await?);
    }
    Ok(out)
}

/// Reads a unit-code map: two columns, the one-stop-shop code (`ma_don_vi_766`) and the
/// registry code (`ma_don_vi`); all rows or none.
pub async fn import_unit_codes(
    store: &DynStore,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
) -> Result<usize, KpiError> {
    let rows = super::lists::table_rows(file_name, bytes).map_err(KpiError::Invalid)?;
    let Some((header, body)) = rows.split_first() else {
        return Err(KpiError::Invalid("tệp trống".into()));
    };
    let key = |h: &String| cchc_domain::text::fold(h).replace([' ', '_', '-', '.'], "");
    let find = |names: &[&str]| header.cells.iter().position(|h| names.contains(&key(h).as_str()));
    let (Some(a), Some(b)) = (
        find(&["madonvi766", "code766", "madonvimotcua", "onestopcode"]),
        find(&["madonvi", "unitcode", "madonvidanhmuc", "unit"]),
    ) else {
        return Err(KpiError::Invalid("cần hai cột: ma_don_vi_766 (mã trên hệ thống một cửa) và ma_don_vi".into()));
    };
    let mut pairs = Vec::new();
    for r in body {
        let get = |c: usize| r.cells.get(c).map(|s| s.trim().to_string()).unwrap_or_default();
        let (code, unit) = (get(a), get(b).to_uppercase());
        if code.is_empty() || unit.is_empty() {
            return Err(KpiError::Invalid(format!("dòng {}: thiếu mã", r.line)));
        }
        pairs.push((code, unit));
    }
    Ok(store.import_unit_codes(actor, &pairs, file_name).await?)
}

/// Reads a methodology version (TOML or JSON), validates it and stores it.
pub async fn import_methodology(
    store: &DynStore,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
) -> Result<(Methodology, bool), KpiError> {
    let text = std::str::from_utf8(bytes).map_err(|_| KpiError::Invalid("tệp không phải văn bản UTF-8".into()))?;
    let json = file_name.to_lowercase().ends_with(".json") || text.trim_start().starts_with('{');
    let m = if json { Methodology::from_json(text) } else { Methodology::from_toml(text) };
    let m = m.map_err(|e| KpiError::Invalid(e.to_string()))?;
    let replaced = store.save_methodology(actor, &m).await?;
    Ok((m, replaced))
}

/// Reads figures typed in from the national portal and stores them (good rows kept, bad
/// ones returned with their lines). Unit codes go through the same matching as dossiers.
pub async fn import_portal_figures(
    store: &DynStore,
    actor: &Actor,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<(usize, Vec<Issue>), KpiError> {
    let matcher = UnitMatcher::load(store).await?;
    let name = file_name.to_string();
    let (mut figures, issues) = blocking(move || {
        if format_of(&name, &bytes) == Format::Xlsx {
            read_portal_xlsx(&bytes)
        } else {
            read_portal_csv(&bytes)
        }
    })
    .await?
    .map_err(read_error)?;
    for f in &mut figures {
        if let Some(c) = matcher.canonical(&f.unit) {
            f.unit = c;
        }
    }
    store.save_portal_figures(actor, file_name, &figures).await?;
    Ok((figures.len(), issues))
}

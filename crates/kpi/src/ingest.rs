//! Ingest: read → check → persist through a [`RecordSink`] → apply to the [`KpiState`],
//! batch by batch, so that a large CSV never sits in memory whole.

use std::io::Read;

use crate::aggregate::{ApplyReport, KpiState};
use crate::check::{check_batch, Known};
use crate::read::csv::CsvStream;
use crate::read::{Batch, ErrorPolicy, Issue, ReadError};
use crate::sink::RecordSink;

/// How to ingest.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub policy: ErrorPolicy,
    pub known: Known,
}

/// What an ingest did.
#[derive(Debug, Clone, Default)]
pub struct IngestReport {
    /// Rows accepted after the checks.
    pub accepted: usize,
    /// Every issue, with line numbers.
    pub issues: Vec<Issue>,
    pub apply: ApplyReport,
}

/// Why an ingest stopped.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("không ghi được hồ sơ: {0}")]
    Sink(#[from] std::io::Error),
}

fn absorb(
    rep: &mut IngestReport,
    batch: Batch,
    sink: &mut dyn RecordSink,
    state: &mut KpiState,
) -> Result<(), IngestError> {
    sink.write_batch(&batch.records)?;
    let a = state.apply(&batch.records);
    rep.accepted += batch.records.len();
    rep.issues.extend(batch.issues);
    rep.apply.inserted += a.inserted;
    rep.apply.replaced += a.replaced;
    rep.apply.stale.extend(a.stale);
    Ok(())
}

/// Ingests an already-read batch (JSON Lines, XLSX, or records from elsewhere).
pub fn ingest_batch(
    batch: Batch,
    opts: &IngestOptions,
    sink: &mut dyn RecordSink,
    state: &mut KpiState,
) -> Result<IngestReport, IngestError> {
    let checked = check_batch(batch, &opts.known, opts.policy)?;
    let mut rep = IngestReport::default();
    absorb(&mut rep, checked, sink, state)?;
    sink.flush()?;
    Ok(rep)
}

/// Input read per block: small enough that reading the next block overlaps with applying
/// this one for most of the file, large enough to keep the parser's threads busy.
const BLOCK_BYTES: usize = 8 << 20;

/// Ingests a CSV source block by block. A reader thread parses and checks the next block
/// while this thread persists and applies the current one. With
/// [`ErrorPolicy::RejectBatch`] the whole source is read and checked before anything is
/// written or applied. Duplicate codes are detected within a block; across blocks the
/// state's upsert keeps the newest version.
pub fn ingest_csv<R: Read + Send>(
    src: R,
    opts: &IngestOptions,
    sink: &mut dyn RecordSink,
    state: &mut KpiState,
) -> Result<IngestReport, IngestError> {
    let stream = CsvStream::new(src, BLOCK_BYTES)?;
    let mut rep = IngestReport::default();
    if opts.policy == ErrorPolicy::RejectBatch {
        let mut all = Batch::default();
        for b in stream {
            all.extend(b?);
        }
        return ingest_batch(all, opts, sink, state);
    }
    std::thread::scope(|s| {
        // One checked block waiting while the next is parsed: at most three in memory.
        let (send, recv) = std::sync::mpsc::sync_channel::<Result<Batch, ReadError>>(1);
        let (known, policy) = (&opts.known, opts.policy);
        s.spawn(move || {
            for b in stream {
                let checked = b.and_then(|b| check_batch(b, known, policy));
                let stop = checked.is_err();
                if send.send(checked).is_err() || stop {
                    break;
                }
            }
        });
        for checked in recv {
            absorb(&mut rep, checked?, sink, state)?;
        }
        sink.flush()?;
        Ok(rep)
    })
}

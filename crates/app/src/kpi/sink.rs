//! The engine's [`RecordSink`] over the store: every batch the ingest accepts is written to
//! the database by a writer task while the ingest goes on reading and computing, all in one
//! transaction that [`RecordSink::flush`] commits with one audit entry.
//!
//! The sink is synchronous (the engine is): use it from a blocking thread
//! (`spawn_blocking`), never from async code.

use std::io;

use cchc_domain::kpi::record::DossierRecord;
use cchc_domain::user::Actor;
use cchc_kpi::sink::RecordSink;
use cchc_storage::model_kpi::{DossierImportNote, DossierImportReport};
use cchc_storage::{DynStore, StoreError};
use tokio::runtime::Handle;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

enum Msg {
    Batch(Vec<DossierRecord>),
    Commit(DossierImportNote),
}

/// One dossier import into the store, fed batch by batch.
pub struct StoreSink {
    handle: Handle,
    send: Option<mpsc::Sender<Msg>>,
    task: Option<JoinHandle<Result<DossierImportReport, StoreError>>>,
    note: DossierImportNote,
    report: Option<DossierImportReport>,
}

fn broken(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

impl StoreSink {
    /// Starts the import (the writer task opens the transaction at once). `handle` is the
    /// runtime the store's connections belong to.
    pub fn begin(store: DynStore, actor: Actor, handle: Handle) -> StoreSink {
        // Two batches in flight bound the memory while the reader stays ahead of the writer.
        let (send, mut recv) = mpsc::channel::<Msg>(2);
        let task = handle.spawn(async move {
            let mut import = store.begin_dossier_import(&actor).await?;
            while let Some(msg) = recv.recv().await {
                match msg {
                    Msg::Batch(records) => import.write(&records).await?,
                    Msg::Commit(note) => return import.commit(&note).await,
                }
            }
            // The sender went away without a commit: the import is dropped (rolled back).
            Err(StoreError::Other("nhập hồ sơ bị hủy giữa chừng; chưa có gì được ghi".into()))
        });
        StoreSink { handle, send: Some(send), task: Some(task), note: DossierImportNote::default(), report: None }
    }

    /// What the audit entry will say about the source (set before `flush`).
    pub fn set_note(&mut self, note: DossierImportNote) {
        self.note = note;
    }

    /// The store's report once flushed.
    pub fn report(&self) -> Option<&DossierImportReport> {
        self.report.as_ref()
    }

    fn writer_error(&mut self) -> io::Error {
        self.send = None;
        match self.task.take().map(|t| self.handle.block_on(t)) {
            Some(Ok(Err(e))) => broken(e),
            Some(Err(e)) => broken(e),
            _ => broken("không ghi được hồ sơ vào cơ sở dữ liệu"),
        }
    }
}

impl RecordSink for StoreSink {
    fn write_batch(&mut self, records: &[DossierRecord]) -> io::Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let Some(send) = &self.send else {
            return Err(broken("lượt nhập đã kết thúc"));
        };
        if send.blocking_send(Msg::Batch(records.to_vec())).is_err() {
            return Err(self.writer_error());
        }
        Ok(())
    }

    /// Commits the import (one transaction, one audit entry).
    fn flush(&mut self) -> io::Result<()> {
        let Some(send) = self.send.take() else {
            return match self.report {
                Some(_) => Ok(()),
                None => Err(broken("lượt nhập đã kết thúc")),
            };
        };
        let _ = send.blocking_send(Msg::Commit(std::mem::take(&mut self.note)));
        drop(send);
        let task = self.task.take().ok_or_else(|| broken("lượt nhập đã kết thúc"))?;
        match self.handle.block_on(task) {
            Ok(Ok(report)) => {
                self.report = Some(report);
                Ok(())
            }
            Ok(Err(e)) => Err(broken(e)),
            Err(e) => Err(broken(e)),
        }
    }
}

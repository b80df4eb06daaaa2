//! Persistence sinks: ingest hands every accepted batch to a [`RecordSink`] before computing.
//! The storage layer implements it for its database; [`AppendFileSink`] writes a compact
//! append-only file that [`read_append_file`] reads back.

use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

use cchc_domain::kpi::record::{Channel, DossierRecord, Feedback, OnlineLevel, PaidOnline, Rating, Status};
use cchc_domain::local_time::{from_secs, to_secs};

/// Receives accepted records in batches, in arrival order.
pub trait RecordSink {
    /// Persists one batch; an error stops the ingest.
    fn write_batch(&mut self, records: &[DossierRecord]) -> io::Result<()>;
    /// Makes everything written durable.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Discards records (computation only).
#[derive(Debug, Default)]
pub struct NullSink;

impl RecordSink for NullSink {
    fn write_batch(&mut self, _: &[DossierRecord]) -> io::Result<()> {
        Ok(())
    }
}

/// Keeps records in memory (tests).
#[derive(Debug, Default)]
pub struct VecSink(pub Vec<DossierRecord>);

impl RecordSink for VecSink {
    fn write_batch(&mut self, records: &[DossierRecord]) -> io::Result<()> {
        self.0.extend_from_slice(records);
        Ok(())
    }
}

const MAGIC: &[u8; 8] = b"CCHCDR1\n";

/// Appends records to a binary file: magic, then per record a `u32` length and the fields.
pub struct AppendFileSink {
    out: BufWriter<File>,
    buf: Vec<u8>,
}

impl AppendFileSink {
    /// Opens (creating if needed) for appending.
    pub fn open(path: &Path) -> io::Result<AppendFileSink> {
        let mut f = OpenOptions::new().create(true).append(true).open(path)?;
        if f.metadata()?.len() == 0 {
            f.write_all(MAGIC)?;
        }
        Ok(AppendFileSink { out: BufWriter::with_capacity(1 << 20, f), buf: Vec::with_capacity(256) })
    }
}

fn put_str(b: &mut Vec<u8>, s: &str) {
    let n = s.len().min(u16::MAX as usize);
    b.extend_from_slice(&(n as u16).to_le_bytes());
    b.extend_from_slice(&s.as_bytes()[..n]);
}

fn put_time(b: &mut Vec<u8>, t: Option<chrono::NaiveDateTime>) {
    b.extend_from_slice(&t.map_or(i64::MIN, to_secs).to_le_bytes());
}

/// Encodes one record.
pub fn encode(b: &mut Vec<u8>, r: &DossierRecord) {
    put_str(b, &r.code);
    put_str(b, &r.procedure);
    put_str(b, &r.unit);
    put_time(b, Some(r.received));
    for t in [r.due, r.finished, r.returned, r.updated] {
        put_time(b, t);
    }
    b.extend_from_slice(&r.supplement_secs.to_le_bytes());
    b.extend_from_slice(&r.supplements.to_le_bytes());
    b.extend_from_slice(&r.fee_amount.map_or(-1, |a| a.min(i64::MAX as u64) as i64).to_le_bytes());
    let rating = match r.rating {
        None => 0,
        Some(Rating::Score(s)) => s.min(5),
        Some(Rating::Satisfied(true)) => 6,
        Some(Rating::Satisfied(false)) => 7,
    };
    let flags = [r.has_fee, r.digitised, r.electronic_result, r.reused_data, r.from_data_store, r.apology]
        .iter()
        .enumerate()
        .fold(0u8, |acc, (i, on)| acc | (u8::from(*on) << i));
    b.extend_from_slice(&[
        r.channel.code(),
        r.online_level.code(),
        r.paid_online.code(),
        r.status.code(),
        r.feedback.code(),
        rating,
        flags,
    ]);
}

struct Cur<'a>(&'a [u8]);

impl Cur<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn time(&mut self) -> Option<Option<chrono::NaiveDateTime>> {
        let v = self.i64()?;
        Some((v != i64::MIN).then(|| from_secs(v)))
    }
    fn string(&mut self) -> Option<String> {
        let n = u16::from_le_bytes(self.take(2)?.try_into().ok()?) as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

/// Decodes one record.
pub fn decode(b: &[u8]) -> Option<DossierRecord> {
    let mut c = Cur(b);
    let (code, procedure, unit) = (c.string()?, c.string()?, c.string()?);
    let received = c.time()??;
    let (due, finished, returned, updated) = (c.time()?, c.time()?, c.time()?, c.time()?);
    let supplement_secs = c.i64()?;
    let supplements = u32::from_le_bytes(c.take(4)?.try_into().ok()?);
    let fee = c.i64()?;
    let t = c.take(7)?;
    let flag = |i: u8| t[6] & (1 << i) != 0;
    Some(DossierRecord {
        code,
        procedure,
        unit,
        received,
        due,
        finished,
        returned,
        channel: Channel::from_code(t[0])?,
        online_level: [OnlineLevel::None, OnlineLevel::Partial, OnlineLevel::Full].get(t[1] as usize).copied()?,
        paid_online: [PaidOnline::No, PaidOnline::NationalPortal, PaidOnline::ProvincialGateway]
            .get(t[2] as usize)
            .copied()?,
        status: [Status::Processing, Status::Supplementing, Status::Finished, Status::Returned, Status::Withdrawn]
            .get(t[3] as usize)
            .copied()?,
        feedback: [Feedback::None, Feedback::Pending, Feedback::Resolved].get(t[4] as usize).copied()?,
        rating: match t[5] {
            0 => None,
            6 => Some(Rating::Satisfied(true)),
            7 => Some(Rating::Satisfied(false)),
            s => Some(Rating::Score(s)),
        },
        has_fee: flag(0),
        fee_amount: (fee >= 0).then_some(fee as u64),
        digitised: flag(1),
        electronic_result: flag(2),
        reused_data: flag(3),
        from_data_store: flag(4),
        apology: flag(5),
        supplements,
        supplement_secs,
        updated,
    })
}

impl RecordSink for AppendFileSink {
    fn write_batch(&mut self, records: &[DossierRecord]) -> io::Result<()> {
        for r in records {
            self.buf.clear();
            encode(&mut self.buf, r);
            self.out.write_all(&(self.buf.len() as u32).to_le_bytes())?;
            self.out.write_all(&self.buf)?;
        }
        Ok(())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_data()
    }
}

/// Reads every record of an append file, in order. A truncated last record (a crash during
/// a write) is ignored; any other damage is an error.
pub fn read_append_file(path: &Path) -> io::Result<Vec<DossierRecord>> {
    let mut r = BufReader::with_capacity(1 << 20, File::open(path)?);
    let mut magic = [0u8; 8];
    r.read_exact(&mut magic)?;
    if &magic != MAGIC {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "không phải tệp hồ sơ cchc"));
    }
    let mut out = Vec::new();
    let mut len = [0u8; 4];
    let mut buf = Vec::new();
    loop {
        match r.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(out),
            Err(e) => return Err(e),
        }
        buf.resize(u32::from_le_bytes(len) as usize, 0);
        match r.read_exact(&mut buf) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(out),
            Err(e) => return Err(e),
        }
        match decode(&buf) {
            Some(rec) => out.push(rec),
            None => return Err(io::Error::new(io::ErrorKind::InvalidData, format!("bản ghi {} hỏng", out.len() + 1))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenOptions};

    #[test]
    fn append_file_round_trips() {
        let dir = std::env::temp_dir().join(format!("cchc-kpi-sink-{}", std::process::id()));
        let _ = std::fs::remove_file(&dir);
        let opts = GenOptions {
            units: 5,
            days: 20,
            per_day: 30,
            seed: 7,
            start: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        };
        let mut recs: Vec<DossierRecord> = generate(opts).collect();
        recs[0].rating = Some(Rating::Satisfied(false));
        recs[1].fee_amount = None;
        {
            let mut s = AppendFileSink::open(&dir).unwrap();
            s.write_batch(&recs[..100]).unwrap();
            s.flush().unwrap();
        }
        let mut s = AppendFileSink::open(&dir).unwrap();
        s.write_batch(&recs[100..]).unwrap();
        s.flush().unwrap();
        assert_eq!(read_append_file(&dir).unwrap(), recs);
        std::fs::remove_file(&dir).unwrap();
    }
}

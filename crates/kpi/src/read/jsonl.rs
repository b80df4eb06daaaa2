//! JSON Lines reader: one object per line, keys in either vocabulary, values as strings,
//! numbers, booleans or null; supplement spans as an array of `{start, end}`.

use serde_json::Value;

use super::fields::{build_record, Col, ColumnCache};
use super::Batch;
use super::ReadError;

pub(crate) fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|x| match x {
                Value::Object(o) => {
                    let get = |k: &str| o.get(k).map(cell).unwrap_or_default();
                    format!("{}~{}", get("start"), get("end"))
                }
                other => cell(other),
            })
            .collect::<Vec<_>>()
            .join(";"),
        Value::Object(_) => v.to_string(),
    }
}

/// One record from one JSON object (keys in either vocabulary).
fn object_row(v: Value, keys: &mut ColumnCache) -> Result<cchc_domain::kpi::record::DossierRecord, String> {
    match v {
        Value::Object(obj) => {
            let (cols, cells): (Vec<Option<Col>>, Vec<String>) =
                obj.iter().map(|(k, v)| (keys.get(k), cell(v))).unzip();
            build_record(&cols, &cells)
        }
        _ => Err("dòng không phải một đối tượng JSON".to_string()),
    }
}

/// Parses JSON Lines; blank lines are skipped, bad lines reported with their number.
pub fn read_jsonl(bytes: &[u8]) -> Result<Batch, ReadError> {
    let text = std::str::from_utf8(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes))
        .map_err(|_| ReadError::Header("tệp không phải UTF-8".into()))?;
    let mut batch = Batch::default();
    let mut keys = ColumnCache::default();
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let row = match serde_json::from_str::<Value>(line) {
            Ok(v) => object_row(v, &mut keys),
            Err(e) => Err(format!("JSON không hợp lệ: {e}")),
        };
        batch.push_row(line_no, row);
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cchc_domain::kpi::record::{Channel, PaidOnline};

    #[test]
    fn reads_both_vocabularies() {
        let s = r#"{"MaHoSo":"H1","MaTTHC":"1.0001","DonViTiepNhan":"U1","NgayTiepNhan":"03/02/2025 08:00:00","KenhThucHien":2,"DuocThanhToanTrucTuyen":1,"DaSoHoa":true}

{"code":"H2","procedure":"1.0001","unit":"U1","received":"2025-02-03T09:00:00","supplement_spans":[{"start":"2025-02-04","end":"2025-02-05"}]}
not json
{"code":"H3","procedure":"1.0001","unit":"U1"}
[1,2]"#;
        let b = read_jsonl(s.as_bytes()).unwrap();
        assert_eq!(b.records.len(), 2);
        assert_eq!(b.lines, [1, 3]);
        assert_eq!(b.records[0].channel, Channel::Online);
        assert_eq!(b.records[0].paid_online, PaidOnline::NationalPortal);
        assert!(b.records[0].digitised);
        assert_eq!(b.records[1].supplements, 1);
        assert_eq!(b.records[1].supplement_secs, 86_400);
        let lines: Vec<u64> = b.issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, [4, 5, 6]);
        assert!(b.issues[1].message.contains("ngày tiếp nhận"), "{}", b.issues[1].message);
    }
}

//! Dossier records pushed as one JSON array (the API's `records`), deserialised straight into
//! the [`DossierRecord`]s the file readers produce: each distinct key is mapped to its field
//! once ([`ColumnCache`]), values are read as the JSON Lines reader reads them (strings NFC,
//! numbers, booleans, null, supplement spans as `[{start, end}]`), and strings without
//! escapes are borrowed from the request body. No JSON tree is built on this path: for
//! batches of thousands of records, building one and turning each value into a string cell
//! cost most of a push. Records are numbered from 1 in their order, as [`super::jsonl`]
//! numbers lines.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::fields::{build_record, Col, ColumnCache};
use super::Batch;

/// Most shape problems reported for one batch (the rest are not listed).
pub const SHAPE_LIMIT: usize = 1000;

/// Where a pushed record does not have the shape of a dossier record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeProblem {
    /// 0-based position in the array.
    pub index: usize,
    /// The unknown key; `None` when the element is not a JSON object.
    pub key: Option<String>,
}

/// A pushed array of records, read.
#[derive(Debug, Clone, Default)]
pub struct PushedRecords {
    /// The records that could be built (lines = index + 1) and the malformed ones.
    pub batch: Batch,
    /// Elements in the array (good and bad).
    pub count: usize,
    /// Elements that are not objects and keys that name no field, in order, at most
    /// [`SHAPE_LIMIT`].
    pub shape: Vec<ShapeProblem>,
}

impl<'de> Deserialize<'de> for PushedRecords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(RecordsVisitor)
    }
}

struct RecordsVisitor;

impl<'de> Visitor<'de> for RecordsVisitor {
    type Value = PushedRecords;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of dossier records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PushedRecords, A::Error> {
        let mut out = PushedRecords::default();
        let mut keys = ColumnCache::default();
        let mut order = Vec::new();
        while let Some(element) = seq.next_element_seed(RecordSeed { keys: &mut keys, order: &mut order })? {
            let index = out.count;
            out.count += 1;
            match element {
                Element::NotObject => out.shape.push(ShapeProblem { index, key: None }),
                Element::Object { row, unknown } => {
                    out.shape.extend(unknown.into_iter().map(|k| ShapeProblem { index, key: Some(k) }));
                    out.batch.push_row(index as u64 + 1, row);
                }
            }
        }
        out.shape.truncate(SHAPE_LIMIT);
        Ok(out)
    }
}

/// One element of the array.
enum Element {
    NotObject,
    Object { row: Result<cchc_domain::kpi::record::DossierRecord, String>, unknown: Vec<String> },
}

struct RecordSeed<'a> {
    keys: &'a mut ColumnCache,
    /// The key order of the last record's known cells (indices sorted by key), reused while
    /// records come with the same keys in the same order.
    order: &'a mut Vec<usize>,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Element;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Element, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Element;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a dossier record (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Element, A::Error> {
        let mut known: Vec<(Cow<'de, str>, Col, Cow<'de, str>)> = Vec::with_capacity(24);
        let mut unknown = Vec::new();
        let (mut pos, mut same) = (0, true);
        while let Some(key) = map.next_key_seed(Text)? {
            let cell = map.next_value_seed(CellSeed)?;
            let (col, hit) = self.keys.at(pos, &key);
            (pos, same) = (pos + 1, same && hit);
            match col {
                Some(col) => known.push((key, col, cell)),
                None => unknown.push(key.into_owned()),
            }
        }
        // In key order, as the JSON Lines reader (a sorted map) hands the cells over: the
        // same record whichever way it came in. The same keys as the last record's sort the
        // same way.
        let same = self.keys.end_record(pos) && same && self.order.len() == known.len();
        if !same {
            self.order.clear();
            self.order.extend(0..known.len());
            self.order.sort_by(|&a, &b| known[a].0.cmp(&known[b].0));
        }
        unknown.sort();
        let cols: Vec<Option<Col>> = self.order.iter().map(|&i| Some(known[i].1)).collect();
        let cells: Vec<&str> = self.order.iter().map(|&i| known[i].2.as_ref()).collect();
        Ok(Element::Object { row: build_record(&cols, &cells), unknown })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Element::NotObject)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Element, E> {
        Ok(Element::NotObject)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Element, E> {
        Ok(Element::NotObject)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Element, E> {
        Ok(Element::NotObject)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Element, E> {
        Ok(Element::NotObject)
    }
    fn visit_str<E>(self, _: &str) -> Result<Element, E> {
        Ok(Element::NotObject)
    }
    fn visit_unit<E>(self) -> Result<Element, E> {
        Ok(Element::NotObject)
    }
}

/// A string, borrowed from the input when it has no escapes.
struct Text;

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Text {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// A value as the text cell the JSON Lines reader makes of it.
struct CellSeed;

impl<'de> DeserializeSeed<'de> for CellSeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_any(self)
    }
}

fn nfc(s: Cow<'_, str>) -> Cow<'_, str> {
    match cchc_domain::text::nfc_cow(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(n) => Cow::Owned(n),
    }
}

impl<'de> Visitor<'de> for CellSeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(nfc(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(nfc(Cow::Owned(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(nfc(Cow::Owned(v)))
    }
    fn visit_bool<E>(self, b: bool) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(if b { "1" } else { "0" }))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(n.to_string()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(n.to_string()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(serde_json::Number::from_f64(n).map(|n| n.to_string()).unwrap_or_default()))
    }
    fn visit_unit<E>(self) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(""))
    }
    // Arrays (supplement spans) and objects are rare: read as a JSON value, then as a cell.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Cow<'de, str>, A::Error> {
        let v = Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Ok(nfc(Cow::Owned(super::jsonl::cell(&v))))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Cow<'de, str>, A::Error> {
        let v = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(nfc(Cow::Owned(super::jsonl::cell(&v))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: &str = r#"{"MaHoSo":"H1","MaTTHC":"1.0001","DonViTiepNhan":"U1","NgayTiepNhan":"03/02/2025 08:00:00","KenhThucHien":2,"DuocThanhToanTrucTuyen":1,"DaSoHoa":true,"SoTienPhi":1.5e1}
{"code":"H2","procedure":"1.0001","unit":"U\u0031","received":"2025-02-03T09:00:00","supplement_spans":[{"start":"2025-02-04","end":"2025-02-05"}],"status":null}
{"code":"H3","procedure":"1.0001","unit":"U1"}
{"code":"Ho\u0301","procedure":"1.0001","unit":"U1","received":"2025-02-03","rating":"5","fee":{"a":1}}"#;

    #[test]
    fn same_records_as_json_lines() {
        let array = format!("[{}]", LINES.lines().collect::<Vec<_>>().join(","));
        let pushed: PushedRecords = serde_json::from_str(&array).unwrap_or_else(|e| panic!("{e}"));
        let lines = super::super::jsonl::read_jsonl(LINES.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pushed.count, 4);
        assert!(pushed.shape.is_empty());
        assert_eq!(pushed.batch.records, lines.records);
        assert_eq!(pushed.batch.lines, lines.lines);
        assert_eq!(pushed.batch.issues, lines.issues);
        // H1's fee as a float (15.0) is no amount, H3 has no receipt time, and the last a bad fee.
        assert_eq!(pushed.batch.lines, [2]);
        assert_eq!(pushed.batch.records[0].supplements, 1);
        assert_eq!(pushed.batch.issues.len(), 3);
    }

    #[test]
    fn keys_in_changing_orders_are_read_as_json_lines_reads_them() {
        // The same keys in the same order (the remembered order reused), then fewer keys, then
        // the same keys in another order, then back.
        let lines = [
            r#"{"code":"A","procedure":"P","unit":"U","received":"01/01/2025","MaHoSo":"B"}"#,
            r#"{"code":"C","procedure":"P","unit":"U","received":"02/01/2025","MaHoSo":"D"}"#,
            r#"{"code":"E","procedure":"P","unit":"U","received":"03/01/2025"}"#,
            r#"{"code":"E2","procedure":"P","unit":"U","received":"03/01/2025","due":"04/01/2025"}"#,
            r#"{"MaHoSo":"F","procedure":"P","unit":"U","received":"04/01/2025","code":"G"}"#,
            r#"{"code":"H","procedure":"P","unit":"U","received":"05/01/2025","MaHoSo":"I"}"#,
            r#"{"code":"J","procedure":"P","unit":"U","MaHoSo":"K"}"#,
        ];
        let array = format!("[{}]", lines.join(","));
        let pushed: PushedRecords = serde_json::from_str(&array).unwrap_or_else(|e| panic!("{e}"));
        let read = super::super::jsonl::read_jsonl(lines.join("\n").as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pushed.batch.records, read.records);
        assert_eq!((pushed.batch.lines, pushed.batch.issues), (read.lines, read.issues));
        let codes: Vec<&str> = read.records.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes.len(), 6, "the last has no receipt time: {codes:?}");
    }

    #[test]
    fn values_are_nfc_and_bad_shapes_named() {
        let s = "[{\"code\":\"so\u{301}\",\"procedure\":\"P\",\"unit\":\"U\",\"received\":\"01/01/2025\",\"GhiChu\":1,\"Abc\":2},[1,[2]],3,null]";
        let p: PushedRecords = serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.batch.records[0].code, "só");
        let shape: Vec<(usize, Option<&str>)> = p.shape.iter().map(|s| (s.index, s.key.as_deref())).collect();
        assert_eq!(shape, [(0, Some("Abc")), (0, Some("GhiChu")), (1, None), (2, None), (3, None)]);
        assert_eq!(p.count, 4);
        assert!(serde_json::from_str::<PushedRecords>("{\"a\":1}").is_err());
    }
}

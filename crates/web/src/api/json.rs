//! JSON request bodies: `Content-Type: application/json` only, within the configured size,
//! every string NFC-normalised, unknown fields refused (the request types deny them), and
//! each error pointing at its field (`/records/12/received_at`).

use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

use super::problem::{FieldProblem, Problem};
use crate::state::AppState;

/// A JSON body decoded into `T`.
pub struct ApiJson<T>(pub T);

pub const NOT_JSON: &str = "Nội dung phải được gửi với Content-Type: application/json.";
pub const MALFORMED: &str = "Nội dung JSON bị hỏng, không đọc được.";

impl<T: DeserializeOwned + Send> FromRequest<AppState> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Problem> {
        let ApiJsonBytes(bytes) = ApiJsonBytes::from_request(req, state).await?;
        decode(&bytes).map(ApiJson)
    }
}

/// A JSON body's bytes, type and size checked, for a handler that decodes a large body off
/// the async executor with [`decode_direct`].
pub struct ApiJsonBytes(pub axum::body::Bytes);

impl FromRequest<AppState> for ApiJsonBytes {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Problem> {
        let ct = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if mime != "application/json" {
            return Err(Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, NOT_JSON));
        }
        let limit = state.config.limits.max_api_json_bytes;
        let bytes = axum::body::to_bytes(req.into_body(), limit).await.map_err(|_| too_large(limit))?;
        Ok(ApiJsonBytes(bytes))
    }
}

fn too_large(limit: usize) -> Problem {
    let mib = limit as f64 / (1024.0 * 1024.0);
    let size = format!("{mib:.1}").trim_end_matches(".0").replace('.', ",");
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("Nội dung gửi lên vượt quá giới hạn {size} MB cho một yêu cầu; hãy chia thành nhiều lần gửi."),
    )
}

/// Parses, normalises and decodes a body; the problem names the line (bad JSON) or the field.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| malformed(&e))?;
    normalise(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = pointer_of(e.path());
        let detail = explain(&e.inner().to_string());
        Problem::invalid(vec![FieldProblem { pointer, detail }])
    })
}

/// Decodes a body straight into `T`, without the JSON tree [`decode`] builds: for request
/// types that normalise their own strings (NFC) and must not pay for a tree (dossier
/// batches). Errors as [`decode`]'s: bad JSON is 400 with its line, the rest 422 with the
/// field's pointer.
///
/// A good body is read once, without tracking the path: the tracking copies every key it
/// passes (a hundred thousand in a batch of 5,000 dossiers). Only a body that fails is read
/// again with the path tracked, to name the field.
pub fn decode_direct<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(_) => decode_tracked(bytes),
    }
}

/// [`decode_direct`] with the path tracked, for the error.
fn decode_tracked<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        if e.inner().is_syntax() || e.inner().is_eof() || e.inner().is_io() {
            return malformed(e.inner());
        }
        let detail = explain(&e.inner().to_string());
        Problem::invalid(vec![FieldProblem { pointer: pointer_of(e.path()), detail }])
    })?;
    de.end().map_err(|e| malformed(&e))?;
    Ok(value)
}

fn malformed(e: &serde_json::Error) -> Problem {
    let mut p = Problem::new(StatusCode::BAD_REQUEST, MALFORMED);
    p.errors.push(FieldProblem {
        pointer: String::new(),
        detail: format!("Lỗi cú pháp JSON ở dòng {}, cột {}.", e.line(), e.column()),
    });
    p
}

/// A number as the forms take it typed (decimal comma, no thousands separator): `0.5` → `0,5`.
pub fn typed_number(n: Option<f64>) -> String {
    n.map(|v| v.to_string().replace('.', ",")).unwrap_or_default()
}

/// Every string NFC, as form input is.
fn normalise(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => *s = cchc_domain::text::nfc(s),
        serde_json::Value::Array(a) => a.iter_mut().for_each(normalise),
        serde_json::Value::Object(o) => o.values_mut().for_each(normalise),
        _ => {}
    }
}

/// A serde path as a JSON pointer (`records[3].code` → `/records/3/code`).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push_str(&key.replace('~', "~0").replace('/', "~1"))
            }
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

/// serde's English message as a Vietnamese sentence (the original kept for the developer).
fn explain(serde_msg: &str) -> String {
    let what = if serde_msg.starts_with("unknown field") {
        "Trường không được hỗ trợ"
    } else if serde_msg.starts_with("missing field") {
        "Thiếu trường bắt buộc"
    } else if serde_msg.starts_with("invalid type") {
        "Sai kiểu dữ liệu"
    } else if serde_msg.starts_with("unknown variant") {
        "Giá trị không nằm trong danh sách cho phép"
    } else {
        "Giá trị không hợp lệ"
    };
    format!("{what} ({serde_msg}).")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Rec {
        code: String,
        n: u8,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Batch {
        records: Vec<Rec>,
    }

    #[test]
    fn errors_point_at_their_field() {
        let p = decode::<Batch>(br#"{"records":[{"code":"a","n":1},{"code":"b","n":"x"}]}"#)
            .err()
            .unwrap_or_else(|| panic!("expected an error"));
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(p.errors[0].pointer, "/records/1/n");
        assert!(p.errors[0].detail.starts_with("Sai kiểu dữ liệu"));
        let p = decode::<Batch>(br#"{"records":[{"code":"a","n":1,"extra":true}]}"#)
            .err()
            .unwrap_or_else(|| panic!("expected an error"));
        assert!(p.errors[0].detail.starts_with("Trường không được hỗ trợ"), "{:?}", p.errors);
        let p = decode::<Batch>(b"{\"records\": [").err().unwrap_or_else(|| panic!("expected an error"));
        assert_eq!(p.status, StatusCode::BAD_REQUEST);
        assert!(p.errors[0].detail.contains("dòng 1"));
        let ok = decode::<Batch>("{\"records\":[{\"code\":\"so\u{301}\",\"n\":2}]}".as_bytes())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ok.records[0].code, "só", "NFC");
    }

    #[test]
    fn direct_decoding_points_at_fields_and_lines_too() {
        let p = decode_direct::<Batch>(br#"{"records":[{"code":"a","n":1},{"code":"b","n":"x"}]}"#)
            .err()
            .unwrap_or_else(|| panic!("expected an error"));
        assert_eq!((p.status, p.errors[0].pointer.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "/records/1/n"));
        let p = decode_direct::<Batch>(br#"{"records":[], "x": 1}"#).err().unwrap_or_else(|| panic!("expected"));
        assert!(p.errors[0].detail.starts_with("Trường không được hỗ trợ"), "{:?}", p.errors);
        for bad in [&b"{\"records\": ["[..], b"{\"records\": []} 1"] {
            let p = decode_direct::<Batch>(bad).err().unwrap_or_else(|| panic!("expected an error"));
            assert_eq!(p.status, StatusCode::BAD_REQUEST);
            assert!(p.errors[0].detail.contains("dòng 1"));
        }
    }
}

//! Form input: every submitted value is NFC-normalised here, once, before any handler sees
//! it; helpers read typed values and collect per-field messages.

use axum::extract::{FromRequest, Multipart, Request};
use cchc_domain::text::nfc;
use cchc_domain::validation::FieldErrors;
use chrono::NaiveDate;

use crate::error::AppError;

/// A decoded `application/x-www-form-urlencoded` body (repeated keys kept in order).
#[derive(Debug, Clone, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = AppError;

    async fn from_request(req: Request, _: &S) -> Result<Self, AppError> {
        let ct = req.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !ct.starts_with("application/x-www-form-urlencoded") {
            return Err(AppError::BadRequest(
                "biểu mẫu phải được gửi dưới dạng application/x-www-form-urlencoded".into(),
            ));
        }
        let bytes = axum::body::to_bytes(req.into_body(), usize::MAX).await.map_err(|_| AppError::TooLarge)?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest("biểu mẫu gửi lên bị hỏng, không đọc được".into()))?;
        Ok(FormData(pairs.into_iter().map(|(k, v)| (k, nfc(&v))).collect()))
    }
}

impl FormData {
    /// The trimmed value of `key` ("" when absent).
    pub fn get(&self, key: &str) -> String {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
    }

    /// Every value of a repeated key (checkbox lists).
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.trim().to_string()).collect()
    }

    /// Whether a checkbox was ticked.
    pub fn checked(&self, key: &str) -> bool {
        self.0.iter().any(|(k, v)| k == key && !v.is_empty() && v != "0" && v != "false")
    }

    /// An optional id; a malformed one is a field error.
    pub fn id(&self, key: &str, errs: &mut FieldErrors) -> Option<i64> {
        let v = self.get(key);
        if v.is_empty() {
            return None;
        }
        match v.parse::<i64>() {
            Ok(i) if i > 0 => Some(i),
            _ => {
                errs.add(key, "Giá trị không hợp lệ.");
                None
            }
        }
    }

    /// An optional date written dd/mm/yyyy (or yyyy-mm-dd); a malformed one is a field error.
    pub fn date(&self, key: &str, errs: &mut FieldErrors) -> Option<NaiveDate> {
        let v = self.get(key);
        if v.is_empty() {
            return None;
        }
        let d = parse_date(&v);
        if d.is_none() {
            errs.add(key, "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy.");
        }
        d
    }

    /// A `;`- or newline-separated list.
    pub fn list(&self, key: &str) -> Vec<String> {
        self.get(key).split([';', '\n']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
    }

    /// The values as a map, to re-render a form with what the user typed.
    pub fn values(&self) -> std::collections::BTreeMap<String, String> {
        self.0.iter().filter(|(k, _)| k != "_csrf").cloned().collect()
    }
}

/// `dd/mm/yyyy`, `d/m/yyyy` or `yyyy-mm-dd`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%d/%m/%Y").or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d")).ok()
}

/// An uploaded file.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Reads a multipart form: its text fields (NFC) and the file in field `file`, if any.
pub async fn read_multipart(mp: Multipart, max_bytes: usize) -> Result<(FormData, Option<Upload>), AppError> {
    let (fields, files) = read_multipart_all(mp, max_bytes).await?;
    Ok((fields, files.into_iter().next()))
}

/// Reads a multipart form with any number of files (fields `file`), each at most `max_bytes`.
pub async fn read_multipart_all(mut mp: Multipart, max_bytes: usize) -> Result<(FormData, Vec<Upload>), AppError> {
    let mut fields = Vec::new();
    let mut uploads = Vec::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => return Err(AppError::TooLarge),
            Err(_) => return Err(AppError::BadRequest("tệp gửi lên bị hỏng hoặc bị ngắt giữa chừng".into())),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = nfc(field.file_name().unwrap_or("tep"));
            let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
            if bytes.len() > max_bytes {
                return Err(AppError::TooLarge);
            }
            if !bytes.is_empty() {
                uploads.push(Upload { file_name, bytes: bytes.to_vec() });
            }
        } else {
            let text = field.text().await.map_err(|_| AppError::BadRequest("biểu mẫu gửi lên bị hỏng".into()))?;
            fields.push((name, nfc(&text)));
        }
    }
    Ok((FormData(fields), uploads))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_typed_values() {
        let f = FormData(vec![
            ("a".into(), " x ".into()),
            ("p".into(), "1".into()),
            ("p".into(), "2".into()),
            ("d".into(), "01/03/2025".into()),
            ("bad".into(), "31/02/2025".into()),
            ("id".into(), "abc".into()),
        ]);
        let mut e = FieldErrors::default();
        assert_eq!(f.get("a"), "x");
        assert_eq!(f.all("p"), vec!["1", "2"]);
        assert_eq!(f.date("d", &mut e), NaiveDate::from_ymd_opt(2025, 3, 1));
        assert_eq!(f.date("bad", &mut e), None);
        assert_eq!(f.id("id", &mut e), None);
        assert_eq!(e.0.len(), 2);
        assert_eq!(parse_date("2025-03-01"), NaiveDate::from_ymd_opt(2025, 3, 1));
    }
}

//! JSON Schemas generated from the API's own types: every request and response type is
//! declared with [`api_type!`], which writes the Rust struct and its schema from one field
//! list, so the OpenAPI document cannot drift from what the handlers send. [`validate`]
//! checks a JSON value against a schema (the subset these types use); the whole-stack test
//! runs every API response of a run through it.

use std::collections::BTreeMap;

use serde_json::{json, Value};

/// Named schemas (`components.schemas`).
pub type Defs = BTreeMap<String, Value>;

/// A type with a JSON Schema.
pub trait Schema {
    /// The schema, or a `$ref` to it after adding it to `defs`.
    fn schema(defs: &mut Defs) -> Value;
    /// Whether a struct field of this type may be absent / null.
    fn optional() -> bool {
        false
    }
}

macro_rules! prim {
    ($($t:ty => $s:expr;)*) => {$(
        impl Schema for $t {
            fn schema(_: &mut Defs) -> Value {
                $s
            }
        }
    )*};
}

prim! {
    i64 => json!({"type": "integer"});
    u8 => json!({"type": "integer", "minimum": 0, "maximum": 255});
    u32 => json!({"type": "integer", "minimum": 0});
    usize => json!({"type": "integer", "minimum": 0});
    f64 => json!({"type": "number"});
    bool => json!({"type": "boolean"});
    String => json!({"type": "string"});
    chrono::NaiveDate => json!({"type": "string", "format": "date"});
    chrono::DateTime<chrono::Utc> => json!({"type": "string", "format": "date-time"});
    chrono::NaiveDateTime => json!({"type": "string", "description": "giờ Việt Nam (UTC+7), YYYY-MM-DDTHH:MM:SS"});
    serde_json::Value => json!({});
}

impl Schema for cchc_kpi::read::push::PushedRecords {
    fn schema(_: &mut Defs) -> Value {
        json!({
            "type": "array",
            "items": {"type": "object", "description": "một hồ sơ; khóa theo tên cột của tệp hồ sơ 766"},
        })
    }
}

impl<T: Schema> Schema for Option<T> {
    fn schema(defs: &mut Defs) -> Value {
        json!({"anyOf": [T::schema(defs), {"type": "null"}]})
    }
    fn optional() -> bool {
        true
    }
}

impl<T: Schema> Schema for Vec<T> {
    fn schema(defs: &mut Defs) -> Value {
        json!({"type": "array", "items": T::schema(defs)})
    }
}

impl<T: Schema> Schema for super::page::Page<T> {
    fn schema(defs: &mut Defs) -> Value {
        json!({
            "type": "object",
            "required": ["items"],
            "additionalProperties": false,
            "properties": {
                "items": {"type": "array", "items": T::schema(defs)},
                "next_cursor": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            }
        })
    }
}

/// Declares a struct and its schema from one list of fields. `out` types are serialised
/// (responses); `in` types are deserialised with unknown fields refused (requests).
#[macro_export]
macro_rules! api_type {
    (@impl $name:ident { $($field:ident : $ty:ty),* }) => {
        impl $crate::api::schema::Schema for $name {
            fn schema(defs: &mut $crate::api::schema::Defs) -> serde_json::Value {
                let name = stringify!($name);
                if !defs.contains_key(name) {
                    defs.insert(name.to_string(), serde_json::Value::Null);
                    let mut props = serde_json::Map::new();
                    let mut required: Vec<&str> = Vec::new();
                    $(
                        props.insert(stringify!($field).to_string(), <$ty as $crate::api::schema::Schema>::schema(defs));
                        if !<$ty as $crate::api::schema::Schema>::optional() {
                            required.push(stringify!($field));
                        }
                    )*
                    let s = serde_json::json!({
                        "type": "object", "properties": props, "required": required, "additionalProperties": false,
                    });
                    defs.insert(name.to_string(), s);
                }
                serde_json::json!({ "$ref": format!("#/components/schemas/{name}") })
            }
        }
    };
    ($(#[$m:meta])* out $name:ident { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, serde::Serialize)]
        pub struct $name { $($(#[$fm])* pub $field: $ty),* }
        $crate::api_type!(@impl $name { $($field: $ty),* });
    };
    ($(#[$m:meta])* in $name:ident { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name { $($(#[$fm])* pub $field: $ty),* }
        $crate::api_type!(@impl $name { $($field: $ty),* });
    };
}

/// Where a value broke its schema, as a JSON pointer with the reason.
pub fn validate(value: &Value, schema: &Value, defs: &Defs) -> Result<(), String> {
    check(value, schema, defs, "")
}

fn check(v: &Value, s: &Value, defs: &Defs, at: &str) -> Result<(), String> {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or("");
        let target = defs.get(name).ok_or_else(|| format!("{at}: unknown schema {r}"))?;
        return check(v, target, defs, at);
    }
    if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
        return if any.iter().any(|alt| check(v, alt, defs, at).is_ok()) {
            Ok(())
        } else {
            Err(format!("{at}: {v} matches none of {s}"))
        };
    }
    if let Some(options) = s.get("enum").and_then(Value::as_array) {
        if !options.contains(v) {
            return Err(format!("{at}: {v} is not one of {options:?}"));
        }
    }
    let Some(ty) = s.get("type").and_then(Value::as_str) else { return Ok(()) };
    let fits = match ty {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    };
    if !fits {
        return Err(format!("{at}: expected {ty}, got {v}"));
    }
    if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if n < min {
            return Err(format!("{at}: {n} < {min}"));
        }
    }
    if let (Some(max), Some(n)) = (s.get("maximum").and_then(Value::as_f64), v.as_f64()) {
        if n > max {
            return Err(format!("{at}: {n} > {max}"));
        }
    }
    if let (Some("date"), Some(text)) = (s.get("format").and_then(Value::as_str), v.as_str()) {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("{at}: {text} is not a date"))?;
    }
    if let (Some("date-time"), Some(text)) = (s.get("format").and_then(Value::as_str), v.as_str()) {
        chrono::DateTime::parse_from_rfc3339(text).map_err(|_| format!("{at}: {text} is not a date-time"))?;
    }
    if let (Some(items), Some(arr)) = (s.get("items"), v.as_array()) {
        for (i, item) in arr.iter().enumerate() {
            check(item, items, defs, &format!("{at}/{i}"))?;
        }
    }
    if let Some(obj) = v.as_object() {
        let props = s.get("properties").and_then(Value::as_object);
        for req in s.get("required").and_then(Value::as_array).into_iter().flatten() {
            let k = req.as_str().unwrap_or("");
            if !obj.contains_key(k) {
                return Err(format!("{at}: missing {k}"));
            }
        }
        for (k, item) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => check(item, ps, defs, &format!("{at}/{k}"))?,
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{at}: unexpected property {k}"));
                }
                None => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::api_type! {
        /// A test type.
        out Inner { a: i64, b: Option<String> }
    }
    crate::api_type! {
        out Outer { inner: Vec<Inner>, day: chrono::NaiveDate }
    }

    #[test]
    fn generated_schemas_accept_what_the_types_serialise_and_nothing_else() {
        let mut defs = Defs::new();
        let s = Outer::schema(&mut defs);
        let v = serde_json::to_value(Outer {
            inner: vec![Inner { a: 1, b: None }],
            day: chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default(),
        })
        .unwrap_or_default();
        assert_eq!(validate(&v, &s, &defs), Ok(()));
        assert!(validate(&json!({"inner": [{"a": "x", "b": null}], "day": "2025-07-01"}), &s, &defs).is_err());
        assert!(validate(&json!({"inner": [], "day": "01/07/2025"}), &s, &defs).is_err());
        assert!(validate(&json!({"inner": [], "day": "2025-07-01", "x": 1}), &s, &defs).is_err());
        assert!(validate(&json!({"day": "2025-07-01"}), &s, &defs)
            .err()
            .unwrap_or_else(|| panic!("expected an error"))
            .contains("missing inner"));
    }
}

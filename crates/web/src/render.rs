//! HTML rendering: the embedded templates (auto-escaped), the Vietnamese/English switch, and
//! the filters for dates (dd/mm/yyyy) and numbers (decimal comma).

use std::sync::OnceLock;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use cchc_export::table::vn_number;
use chrono::{FixedOffset, NaiveDate, TimeZone};
use minijinja::{context, Environment, State, Value};

use crate::i18n::{translate, Lang};

/// The compiled templates.
pub struct Templates {
    env: Environment<'static>,
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

/// Every template, embedded in the binary.
const TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "macros.html",
    "error.html",
    "home.html",
    "board.html",
    "login.html",
    "account/password.html",
    "account/tokens.html",
    "api/docs.html",
    "units/list.html",
    "units/show.html",
    "units/scorecard.html",
    "units/form.html",
    "units/contact.html",
    "units/change.html",
    "units/import.html",
    "admin/users.html",
    "admin/user_form.html",
    "admin/audit.html",
    "plans/list.html",
    "plans/show.html",
    "plans/import.html",
    "unit_plans/index.html",
    "unit_plans/unit.html",
    "unit_plans/import.html",
    "unit_plans/draft.html",
    "plans/draft.html",
    "plans/task_edit.html",
    "plans/_tables.html",
    "tasks/list.html",
    "tasks/_filters.html",
    "tasks/calendar.html",
    "tasks/timeline.html",
    "tasks/show.html",
    "reports/mine.html",
    "reports/overview.html",
    "reports/edit.html",
    "reports/view.html",
    "adhoc/list.html",
    "adhoc/show.html",
    "kpi/index.html",
    "kpi/explain.html",
    "kpi/due.html",
    "kpi/import.html",
    "kpi/reconcile.html",
    "kpi/methodology.html",
    "notifications/list.html",
    "par/index.html",
    "par/round.html",
    "par/assessment.html",
    "par/sets.html",
    "par/bands.html",
    "par/bands_edit.html",
    "par/province_index.html",
    "par/set.html",
    "par/history.html",
    "initiatives/index.html",
    "initiatives/new.html",
    "initiatives/show.html",
    "initiatives/recognised.html",
    "initiatives/counts.html",
    "initiatives/criteria.html",
    "initiatives/criteria_edit.html",
    "initiatives/_fields.html",
    "inspections/index.html",
    "inspections/show.html",
    "inspections/finding.html",
    "inspections/followup.html",
    "inspections/checklists.html",
    "inspections/_findings.html",
    "inspections/_remedies.html",
    "inspections/_panel.html",
    "sipas/index.html",
    "sipas/campaign.html",
    "sipas/questionnaires.html",
    "sipas/answers.html",
    "sipas/form.html",
    "sipas/thanks.html",
    "sipas/print.html",
    "sipas/poster.html",
    "sipas/slips.html",
    "public/index.html",
    "public/show.html",
    "public/office.html",
    "settings/tracking.html",
    "settings/workdays.html",
    "settings/recompute.html",
    "fragment.html",
);

/// Vietnam has one time zone, UTC+7, without daylight saving.
pub fn vn_offset() -> FixedOffset {
    cchc_domain::vn_time::offset()
}

impl Templates {
    /// Compiles every template; a syntax error is reported at startup, not at first use.
    pub fn load() -> Result<Templates, String> {
        let mut env = Environment::new();
        for (name, src) in TEMPLATES {
            env.add_template(name, src).map_err(|e| format!("template {name}: {e}"))?;
        }
        // Escape only what HTML needs (& < > " '), so dates read 01/03/2025 in the source too.
        env.set_formatter(|out, state, value| {
            if state.auto_escape() == minijinja::AutoEscape::Html
                && !value.is_safe()
                && !value.is_none()
                && !value.is_undefined()
            {
                let s = value.to_string();
                let mut esc = String::with_capacity(s.len());
                push_escaped(&mut esc, &s);
                out.write_str(&esc).map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write"))
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
        env.add_function("t", |state: &State, key: &str| -> String {
            let lang = state.lookup("lang").and_then(|v| v.as_str().map(Lang::parse)).unwrap_or_default();
            translate(lang, key).to_string()
        });
        env.add_filter("date", |v: Value| -> String { format_date(&v) });
        env.add_filter("datetime_ms", |v: i64| -> String {
            vn_offset()
                .timestamp_millis_opt(v)
                .single()
                .map(|t| t.format("%d/%m/%Y %H:%M:%S").to_string())
                .unwrap_or_default()
        });
        env.add_filter("truncate", |v: String, n: Option<usize>| -> String { truncate(v, n.unwrap_or(255)) });
        env.add_filter("num", |v: f64, decimals: Option<usize>| -> String { vn_number(v, decimals.unwrap_or(0)) });
        // Points and indices: up to two decimals, no trailing zeros ("72,75", "74,5", "100").
        env.add_filter("pts", |v: f64| -> String {
            let s = vn_number(v, 2);
            if s.contains(',') {
                s.trim_end_matches('0').trim_end_matches(',').to_string()
            } else {
                s
            }
        });
        env.add_filter("filesize", |v: i64| -> String { file_size(v) });
        Ok(Templates { env })
    }

    /// Renders a template with `ctx`; on failure logs and returns the error page.
    pub fn render(&self, name: &str, ctx: Value) -> Response {
        match self.env.get_template(name).and_then(|t| t.render(ctx)) {
            Ok(html) => Html(html).into_response(),
            Err(e) => {
                tracing::error!(template = name, error = %format!("{e:#}"), "template error");
                error_page(StatusCode::INTERNAL_SERVER_ERROR, None)
            }
        }
    }

    /// Renders a content template (one without the page frame) for reuse by several users
    /// with the same view. Only the page's data and the language are visible to the template
    /// here (no user, session, CSRF token or flash message), so nothing personal can end up in
    /// a shared fragment. `fragment.html` puts it in a request's frame
    /// ([`crate::ctx::Ctx::render_fragment`]).
    pub fn render_fragment(&self, name: &str, lang: Lang, title: &str, page: Value) -> Result<Value, String> {
        let ctx = context! { lang => lang.code(), ..page };
        let content = self.env.get_template(name).and_then(|t| t.render(ctx)).map_err(|e| format!("{e:#}"))?;
        Ok(context! {
            fragment_title => translate(lang, title),
            fragment_content => Value::from_safe_string(content),
        })
    }

    /// Renders to a string (tests and e-mails).
    pub fn render_string(&self, name: &str, ctx: Value) -> Result<String, String> {
        self.env.get_template(name).and_then(|t| t.render(ctx)).map_err(|e| format!("{e:#}"))
    }
}

/// The templates, compiled once for the process (error pages need them without state).
pub fn templates() -> Option<&'static Templates> {
    static T: OnceLock<Option<Templates>> = OnceLock::new();
    T.get_or_init(|| Templates::load().map_err(|e| tracing::error!(error = %e, "templates")).ok()).as_ref()
}

/// `2025-03-01` (or a date value) → `01/03/2025`; empty for none.
/// A file's size as officials read it: "512 byte", "12,4 KB", "3,1 MB" (never "0,0 KB").
pub fn file_size(bytes: i64) -> String {
    const K: f64 = 1024.0;
    let b = bytes.max(0) as f64;
    if b < K {
        format!("{} byte", bytes.max(0))
    } else if b < K * K {
        format!("{} KB", vn_number(b / K, 1))
    } else {
        format!("{} MB", vn_number(b / (K * K), 1))
    }
}

fn format_date(v: &Value) -> String {
    let s = v.as_str().map(str::to_string).unwrap_or_else(|| {
        if v.is_none() || v.is_undefined() {
            String::new()
        } else {
            v.to_string()
        }
    });
    // An instant (`2026-12-06T23:43:31+00:00`) is shown as the day in Vietnam, which after
    // 17:00 UTC is the next one; a plain day (`2026-12-06`) as it is.
    if s.len() > 10 {
        if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&s) {
            return cchc_domain::vn_time::day(at.to_utc()).format("%d/%m/%Y").to_string();
        }
    }
    match NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => s,
    }
}

/// What an error page says, kept on the response so that [`crate::frame::errors`] can draw
/// it again inside the user's own frame (header, menu, a way back to the form).
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub title: &'static str,
    pub hint: &'static str,
    pub detail: Option<String>,
    /// Text fields recovered from a form that could not be taken (a 413), to copy back.
    pub kept: Vec<(String, String)>,
}

/// The title and hint of an error page for a status.
fn error_words(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("Yêu cầu không hợp lệ", "Vui lòng kiểm tra lại thông tin đã nhập."),
        401 => ("Cần đăng nhập", "Vui lòng đăng nhập để tiếp tục."),
        403 => ("Không có quyền truy cập", "Tài khoản của bạn không được phép thực hiện thao tác này."),
        404 => ("Không tìm thấy trang", "Địa chỉ không tồn tại hoặc đã bị thay đổi."),
        405 => ("Thao tác không được hỗ trợ", "Vui lòng quay lại trang trước."),
        409 => ("Không thực hiện được", "Dữ liệu đã thay đổi hoặc trùng với dữ liệu đã có."),
        413 => ("Tệp hoặc biểu mẫu quá lớn", "Vui lòng chọn tệp nhỏ hơn giới hạn cho phép."),
        415 => ("Định dạng không được hỗ trợ", "Vui lòng gửi đúng loại tệp."),
        429 => ("Quá nhiều yêu cầu", "Vui lòng thử lại sau ít phút."),
        _ => ("Đã có lỗi xảy ra", "Hệ thống gặp sự cố. Vui lòng thử lại sau hoặc liên hệ quản trị viên."),
    }
}

/// A plain error page in Vietnamese (with an English line), for any status. It is drawn
/// without a user here; [`crate::frame::errors`] frames it for the person who asked.
pub fn error_page(status: StatusCode, detail: Option<&str>) -> Response {
    error_page_keeping(status, detail, Vec::new())
}

/// [`error_page`] showing the text fields `kept` of the refused form, to copy back.
pub fn error_page_keeping(status: StatusCode, detail: Option<&str>, kept: Vec<(String, String)>) -> Response {
    let (title, hint) = error_words(status);
    let ctx = context! { status => status.as_u16(), title => title, hint => hint, detail => detail, kept => kept.clone(), lang => "vi", user => Value::from(()), csrf => "", nav => Vec::<Value>::new(), flash => Value::from(()), path => "" };
    let body = templates().and_then(|t| t.render_string("error.html", ctx).ok()).unwrap_or_else(|| {
        format!("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>{title}</title><h1>{title}</h1><p>{hint}</p></html>")
    });
    let mut res = (status, Html(body)).into_response();
    res.extensions_mut().insert(ErrorPage { title, hint, detail: detail.map(str::to_string), kept });
    res
}

/// `v` cut to `n` characters, with "…" when cut (the `truncate` filter of the templates).
/// Appends `s` to `out` escaped as the templates escape every value (`& < > " '`), for HTML
/// built in Rust.
pub fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

pub fn truncate(v: String, n: usize) -> String {
    if v.chars().count() <= n {
        v
    } else {
        let mut t: String = v.chars().take(n).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_sizes_read_as_officials_write_them() {
        assert_eq!(file_size(0), "0 byte");
        assert_eq!(file_size(300), "300 byte");
        assert_eq!(file_size(12_700), "12,4 KB");
        assert_eq!(file_size(3_250_000), "3,1 MB");
    }

    #[test]
    fn criteria_lists_built_in_rust_read_as_the_template_wrote_them() {
        let t = Templates::load().unwrap_or_else(|e| panic!("{e}"));
        let leaves = vec![
            ("1.1".to_string(), "1.1. Ban hành kế hoạch CCHC năm".to_string()),
            ("2.<a>".to_string(), "2.<a>. \"Tỷ lệ\" & 'hồ sơ' > 95%".to_string()),
        ];
        let values: Vec<Value> = leaves.iter().map(|(code, label)| context! { code, label }).collect();
        let (checks, options) = crate::pages::par::leaf_lists(&leaves);
        let env = &t.env;
        let render = |src: &str| {
            env.template_from_named_str("x.html", src)
                .and_then(|tpl| tpl.render(context! { leaves => values.clone() }))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(
            checks.as_str().unwrap_or_default(),
            render(
                r#"{% for l in leaves %}<label class="check"><input type="checkbox" name="codes" value="{{ l.code }}"> {{ l.label }}</label>{% endfor %}"#
            )
        );
        assert_eq!(
            options.as_str().unwrap_or_default(),
            render(r#"{% for l in leaves %}<option value="{{ l.code }}">{{ l.label }}</option>{% endfor %}"#)
        );
        assert!(options
            .as_str()
            .unwrap_or_default()
            .contains("2.&lt;a&gt;. &quot;Tỷ lệ&quot; &amp; &#39;hồ sơ&#39; &gt; 95%"));
    }

    #[test]
    fn all_templates_compile() {
        assert!(Templates::load().is_ok(), "{:?}", Templates::load().err());
    }

    #[test]
    fn fragments_are_escaped_and_framed_per_request() {
        let t = Templates::load().unwrap_or_else(|e| panic!("{e}"));
        let row = context! { id => 1, code => "1", title => "<script>x</script>", status => "late", lead_unit => "A" };
        let q = context! { q => "" };
        let page = context! { rows => vec![row], total => 1, page => 1, pages => 1, q, qs => "", choices => context! { states => Vec::<Value>::new() } };
        let f = t.render_fragment("tasks/list.html", Lang::En, "Nhiệm vụ", page).unwrap_or_else(|e| panic!("{e}"));
        let frame = |name: &str, csrf: &str| {
            let user = context! { full_name => name };
            let ctx = context! { lang => "en", csrf => csrf, user, nav => Vec::<Value>::new(), path => "/tasks", ..f.clone() };
            t.render_string("fragment.html", ctx).unwrap_or_else(|e| panic!("{e}"))
        };
        let (a, b) = (frame("Nguyễn Văn A", "token-a"), frame("Trần Thị B", "token-b"));
        assert!(a.contains("&lt;script&gt;x&lt;/script&gt;") && !a.contains("<script>x"), "content escaped once");
        assert!(a.contains("<title>Tasks · cchc</title>"), "title translated and in the frame");
        assert!(a.contains("Nguyễn Văn A") && a.contains("token-a") && !a.contains("token-b"));
        assert!(b.contains("Trần Thị B") && b.contains("token-b") && !b.contains("Nguyễn Văn A"));
    }

    #[test]
    fn dates_are_dd_mm_yyyy() {
        assert_eq!(format_date(&Value::from("2025-03-01")), "01/03/2025");
        assert_eq!(format_date(&Value::from(())), "");
        // An instant is the day in Vietnam: after 17:00 UTC, the next day.
        assert_eq!(format_date(&Value::from("2026-12-06T16:59:59+00:00")), "06/12/2026");
        assert_eq!(format_date(&Value::from("2026-12-06T23:43:31.694+00:00")), "07/12/2026");
        assert_eq!(format_date(&Value::from("2026-12-31T17:00:00Z")), "01/01/2027");
    }
}

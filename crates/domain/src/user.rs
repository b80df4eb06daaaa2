//! User accounts: who they are, their role and unit, and the rules for logins and passwords.

use serde::{Deserialize, Serialize};

use crate::role::Role;
use crate::unit::UnitId;

/// Database identifier of a user.
pub type UserId = i64;

/// A user account (the password hash is never part of this type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    /// Login name: lower case ASCII letters, digits, `.`, `_`, `-`, `@`.
    pub login: String,
    pub full_name: String,
    pub email: String,
    pub role: Role,
    /// The unit a unit role acts for; `None` for province-wide roles.
    pub unit_id: Option<UnitId>,
    pub active: bool,
    /// Set for accounts created with a temporary password.
    pub must_change_password: bool,
}

/// Who performs a change, as recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub login: String,
}

impl Actor {
    /// The acting user.
    pub fn user(u: &User) -> Actor {
        Actor { user_id: Some(u.id), login: u.login.clone() }
    }

    /// The command line (an operator with shell access to the server).
    pub fn cli() -> Actor {
        Actor { user_id: None, login: "cli".into() }
    }

    /// The application itself (migrations, demo data, scheduled jobs).
    pub fn system() -> Actor {
        Actor { user_id: None, login: "system".into() }
    }
}

/// Minimum password length. Long passphrases beat composition rules.
pub const MIN_PASSWORD_LEN: usize = 10;

/// Normalises a typed login: trimmed, lower case.
pub fn normalize_login(login: &str) -> String {
    login.trim().to_lowercase()
}

/// Checks a (normalised) login; the message is shown next to the field.
pub fn validate_login(login: &str) -> Result<(), &'static str> {
    if login.len() < 3 || login.len() > 64 {
        return Err("Tên đăng nhập phải dài từ 3 đến 64 ký tự.");
    }
    let ok = login.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '@'));
    if !ok {
        return Err("Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số và các ký tự . _ - @");
    }
    Ok(())
}

/// Checks a new password against the policy; `login` may not be part of it.
pub fn validate_password(password: &str, login: &str) -> Result<(), &'static str> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_LEN {
        return Err("Mật khẩu phải có ít nhất 10 ký tự.");
    }
    if n > 256 {
        return Err("Mật khẩu quá dài (tối đa 256 ký tự).");
    }
    if !login.is_empty() && password.to_lowercase().contains(&login.to_lowercase()) {
        return Err("Mật khẩu không được chứa tên đăng nhập.");
    }
    if password.chars().all(|c| c == password.chars().next().unwrap_or(' ')) {
        return Err("Mật khẩu không được lặp lại một ký tự.");
    }
    Ok(())
}

/// Checks that a role and a unit fit together.
pub fn validate_role_unit(role: Role, unit_id: Option<UnitId>) -> Result<(), &'static str> {
    match (role.requires_unit(), unit_id) {
        (true, None) => Err("Vai trò của đơn vị phải gắn với một đơn vị."),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins() {
        for ok in ["admin", "nguyen.van.a", "so-noi-vu", "a@b.vn", "u_1"] {
            assert!(validate_login(ok).is_ok(), "{ok}");
        }
        for bad in ["ab", "Admin", "nguyễn", "a b", "x;drop", &"a".repeat(65)] {
            assert!(validate_login(bad).is_err(), "{bad}");
        }
        assert_eq!(normalize_login("  Admin "), "admin");
    }

    #[test]
    fn passwords() {
        assert!(validate_password("dai-hon-muoi-ky-tu", "admin").is_ok());
        assert!(validate_password("ngan", "admin").is_err());
        assert!(validate_password("admin-1234567", "admin").is_err());
        assert!(validate_password("aaaaaaaaaaaa", "x").is_err());
    }

    #[test]
    fn unit_roles_need_units() {
        assert!(validate_role_unit(Role::UnitFocal, None).is_err());
        assert!(validate_role_unit(Role::UnitFocal, Some(3)).is_ok());
        assert!(validate_role_unit(Role::Leader, None).is_ok());
    }
}

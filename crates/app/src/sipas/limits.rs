//! The public form's rate limits (section `[sipas]` of the configuration): per client address
//! and per device, counted in the same window. A one-stop counter's Wi-Fi is one address for
//! everyone who answers there, so the address limit is the higher one; the device limit rests
//! on an anonymous random cookie the form page sets (no JavaScript, no personal data).

use cchc_domain::throttle::ThrottleRule;
use serde::{Deserialize, Serialize};

/// Rate limits of the anonymous survey form.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SipasConfig {
    /// Submissions accepted from one client address within the window.
    pub per_address: i64,
    /// Submissions accepted from one device (its anonymous cookie) within the window.
    pub per_device: i64,
    /// The window, in minutes; a key over its limit waits until the window ends.
    pub window_minutes: i64,
}

impl Default for SipasConfig {
    fn default() -> Self {
        Self { per_address: 120, per_device: 3, window_minutes: 60 }
    }
}

impl SipasConfig {
    /// The rule for one client address.
    pub fn address_rule(&self) -> ThrottleRule {
        ThrottleRule::fixed(self.per_address.max(1), self.window_minutes.max(1) * 60, self.window_minutes.max(1) * 60)
    }

    /// The rule for one device.
    pub fn device_rule(&self) -> ThrottleRule {
        ThrottleRule::fixed(self.per_device.max(1), self.window_minutes.max(1) * 60, self.window_minutes.max(1) * 60)
    }
}

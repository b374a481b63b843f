//! What a webhook may be: an absolute http(s) URL outside private networks (unless the operator
//! allows them), events from API.md's list, and a secret long enough to sign with.

use std::collections::BTreeSet;
use std::net::IpAddr;

use latih_kernel::{FieldErrors, Msg};
use reqwest::Url;

/// The events a webhook can subscribe to: API.md's list.
pub const EVENTS: [&str; 11] = [
    "enrollment.assigned",
    "enrollment.due_soon",
    "enrollment.overdue",
    "course.completed",
    "certificate.issued",
    "jp_claim.decided",
    "development_plan.decided",
    "follow_up.due",
    "forum.reply",
    "mentoring.message",
    "jp.at_risk",
];

const MAX_URL_CHARS: usize = 2_048;
const MIN_SECRET_CHARS: usize = 16;
const MAX_SECRET_CHARS: usize = 256;

/// Whether deliveries may go to loopback and private addresses (`LATIH_WEBHOOK_ALLOW_PRIVATE`).
#[derive(Clone, Copy, Debug, Default)]
pub struct WebhookPolicy {
    pub allow_private: bool,
}

/// Whether `ip` is on the public internet: not loopback, private, link-local, shared,
/// unspecified, multicast, documentation or otherwise reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, _, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

/// The URL, checked: absolute http(s), a host, no credentials, and with `policy` forbidding
/// it, no literal private address or `localhost`. Hosts by name are checked again at every
/// delivery, on the addresses they resolve to.
pub fn parse_url(raw: &str, policy: WebhookPolicy, errors: &mut FieldErrors) -> Option<Url> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_URL_CHARS {
        errors.add(
            "url",
            "too_long",
            Msg::new("URL paling panjang 2048 karakter.", "The URL is at most 2048 characters."),
        );
        return None;
    }
    let Ok(url) = Url::parse(raw) else {
        errors.add("url", "invalid_url", Msg::new("URL tidak valid.", "The URL is not valid."));
        return None;
    };
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        errors.add(
            "url",
            "invalid_url",
            Msg::new("URL harus mutlak dengan http atau https.", "The URL must be absolute, with http or https."),
        );
        return None;
    }
    if !url.username().is_empty() || url.password().is_some() {
        errors.add(
            "url",
            "invalid_url",
            Msg::new(
                "URL tidak boleh memuat nama pengguna atau sandi.",
                "The URL must not carry a user name or password.",
            ),
        );
        return None;
    }
    if !policy.allow_private && names_private_host(&url) {
        errors.add(
            "url",
            "private_address",
            Msg::new("URL menunjuk ke alamat lokal atau privat.", "The URL points to a local or private address."),
        );
        return None;
    }
    Some(url)
}

/// Whether the URL's host is a literal non-public address or a name for this machine.
pub fn names_private_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => !is_public(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => !is_public(IpAddr::V6(ip)),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => true,
    }
}

/// The event names, checked against [`EVENTS`]: at least one, each known, deduplicated and in
/// a stable order.
pub fn parse_events(names: &[String], errors: &mut FieldErrors) -> Option<Vec<String>> {
    if names.is_empty() {
        errors.add("events", "required", Msg::new("Pilih setidaknya satu peristiwa.", "Choose at least one event."));
        return None;
    }
    let mut ok = true;
    for (index, name) in names.iter().enumerate() {
        if !EVENTS.contains(&name.as_str()) {
            ok = false;
            errors.add(
                format!("events[{index}]"),
                "unknown_event",
                Msg::new(format!("Peristiwa {name} tidak dikenal."), format!("The event {name} is not known.")),
            );
        }
    }
    ok.then(|| names.iter().cloned().collect::<BTreeSet<_>>().into_iter().collect())
}

/// The secret, checked for length (16 to 256 characters).
pub fn check_secret(secret: &str, errors: &mut FieldErrors) -> bool {
    let length = secret.chars().count();
    let ok = (MIN_SECRET_CHARS..=MAX_SECRET_CHARS).contains(&length);
    if !ok {
        errors.add(
            "secret",
            "invalid_length",
            Msg::new("Rahasia harus 16 sampai 256 karakter.", "The secret must be 16 to 256 characters."),
        );
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_loopback_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "0.0.0.0",
        ] {
            assert!(!is_public(ip.parse().unwrap_or(IpAddr::from([127, 0, 0, 1]))), "{ip}");
        }
        for ip in ["203.0.114.1", "8.8.8.8", "2606:4700::1111"] {
            assert!(is_public(ip.parse().unwrap_or(IpAddr::from([127, 0, 0, 1]))), "{ip}");
        }
    }

    #[test]
    fn urls_must_be_absolute_http_and_public_unless_allowed() {
        let strict = WebhookPolicy { allow_private: false };
        let open = WebhookPolicy { allow_private: true };
        let mut errors = FieldErrors::new();
        assert!(parse_url("https://siasn.example.go.id/hook", strict, &mut errors).is_some());
        assert!(parse_url("http://127.0.0.1:9000/hook", open, &mut errors).is_some());
        assert!(errors.is_empty());
        for bad in ["ftp://example.com/", "/relative", "http://localhost/x", "http://[::1]/", "http://u:p@example.com/"]
        {
            let mut errors = FieldErrors::new();
            assert!(parse_url(bad, strict, &mut errors).is_none(), "{bad}");
            assert!(!errors.is_empty());
        }
    }
}

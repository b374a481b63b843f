//! Organization codes, IANA time zones and required text fields.

use latih_kernel::Msg;
use latih_kernel::error::FieldError;

/// A short unique code such as `PEMKOT-KUPANG`: letters, digits and dashes, stored upper-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgCode(String);

impl OrgCode {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        let ok =
            (2..=32).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(Self(code))
        } else {
            Err(FieldError::new(
                "invalid_code",
                Msg::new(
                    "Kode 2 sampai 32 karakter: huruf, angka, '-' atau '_'.",
                    "A code is 2 to 32 letters, digits, '-' or '_'.",
                ),
            ))
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// An IANA time zone name, e.g. `Asia/Makassar` (WITA).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        raw.trim().parse::<chrono_tz::Tz>().map(Self).map_err(|_| {
            FieldError::new(
                "invalid_timezone",
                Msg::new(
                    "Zona waktu IANA tidak dikenal (contoh: Asia/Jakarta, Asia/Makassar, Asia/Jayapura).",
                    "Unknown IANA time zone (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura).",
                ),
            )
        })
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }
}

/// Trimmed text of 1 to `max` characters.
pub fn required_text(raw: &str, max: usize) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(FieldError::new("required", Msg::new("Wajib diisi.", "Required.")));
    }
    if text.chars().count() > max {
        return Err(FieldError::new(
            "too_long",
            Msg::new(format!("Paling banyak {max} karakter."), format!("At most {max} characters.")),
        ));
    }
    Ok(text.to_owned())
}

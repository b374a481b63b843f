//! E-mail addresses, compared and stored lower-cased.

use latih_kernel::Msg;
use latih_kernel::error::FieldError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let email = raw.trim().to_lowercase();
        let invalid = || {
            FieldError::new("invalid_email", Msg::new("Alamat e-mail tidak valid.", "The e-mail address is not valid."))
        };
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(invalid());
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(invalid());
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            Email::parse(" Budi@Kupangkota.GO.id ").ok().map(Email::into_inner),
            Some("budi@kupangkota.go.id".into())
        );
        for bad in ["", "budi", "budi@", "@x.id", "budi@localhost", "bu di@x.id", "a@b@c.id", "a@x..id"] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}

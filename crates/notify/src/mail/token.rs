//! The token of a one-click unsubscribe link: names a person and an event (or `digest`), signed
//! with a key derived from the server secret, so nobody can switch off someone else's e-mail.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// Who and what a valid token unsubscribes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsubscribeToken {
    pub user_id: Uuid,
    /// An event name, or `digest` for the digest e-mail.
    pub event: String,
}

fn mac(key: &[u8], payload: &str) -> Option<Vec<u8>> {
    let mut mac = HmacSha256::new_from_slice(key).ok()?;
    mac.update(b"latih-unsubscribe:");
    mac.update(payload.as_bytes());
    Some(mac.finalize().into_bytes().to_vec())
}

impl UnsubscribeToken {
    /// `<user>.<event>.<signature>`, URL-safe.
    pub fn sign(&self, key: &[u8]) -> String {
        let payload = format!("{}.{}", self.user_id.simple(), self.event);
        let signature = mac(key, &payload).map(|m| URL_SAFE_NO_PAD.encode(m)).unwrap_or_default();
        format!("{payload}.{signature}")
    }

    /// The token's content when its signature is right.
    pub fn verify(token: &str, key: &[u8]) -> Option<Self> {
        let (payload, signature) = token.rsplit_once('.')?;
        let (user, event) = payload.split_once('.')?;
        let given = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let mut check = HmacSha256::new_from_slice(key).ok()?;
        check.update(b"latih-unsubscribe:");
        check.update(payload.as_bytes());
        check.verify_slice(&given).ok()?;
        Some(Self { user_id: Uuid::parse_str(user).ok()?, event: event.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_only_with_its_key_and_content() {
        let token = UnsubscribeToken { user_id: Uuid::nil(), event: "forum.reply".into() };
        let signed = token.sign(b"key");
        assert_eq!(UnsubscribeToken::verify(&signed, b"key"), Some(token));
        assert_eq!(UnsubscribeToken::verify(&signed, b"other"), None);
        let forged = signed.replace("forum.reply", "course.completed");
        assert_eq!(UnsubscribeToken::verify(&forged, b"key"), None);
    }
}

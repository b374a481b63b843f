//! Signed, expiring URLs of the API itself (local storage uploads and downloads): an HMAC of the
//! media id, the action and the expiry, so a URL cannot be altered or reused after it expires.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use uuid::Uuid;

#[derive(Clone)]
pub struct UrlSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for UrlSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UrlSigner")
    }
}

/// What a signed URL allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Upload,
    Download,
}

impl Action {
    fn word(self) -> &'static str {
        match self {
            Action::Upload => "upload",
            Action::Download => "download",
        }
    }
}

impl UrlSigner {
    /// A signer whose key is derived from `secret` for this use only.
    pub fn new(secret: &[u8]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"latih media url v1|");
        hasher.update(secret);
        Self { key: hasher.finalize().to_vec() }
    }

    fn mac(&self, media_id: Uuid, action: Action, expires: i64, extra: &str) -> Option<Hmac<Sha256>> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).ok()?;
        mac.update(format!("{media_id}|{}|{expires}|{extra}", action.word()).as_bytes());
        Some(mac)
    }

    /// The `expires` and `signature` query of a URL.
    pub fn sign(&self, media_id: Uuid, action: Action, expires_at: DateTime<Utc>, extra: &str) -> String {
        let expires = expires_at.timestamp();
        let signature = self.mac(media_id, action, expires, extra).map(|m| hex::encode(m.finalize().into_bytes()));
        format!("expires={expires}&signature={}", signature.unwrap_or_default())
    }

    /// Whether `signature` is ours for these values and `expires` is still ahead of `now`.
    pub fn verify(
        &self,
        media_id: Uuid,
        action: Action,
        expires: i64,
        extra: &str,
        signature: &str,
        now: DateTime<Utc>,
    ) -> bool {
        let Ok(signature) = hex::decode(signature) else { return false };
        let Some(mac) = self.mac(media_id, action, expires, extra) else { return false };
        expires > now.timestamp() && mac.verify_slice(&signature).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};
    use uuid::Uuid;

    use super::{Action, UrlSigner};

    fn parts(query: &str) -> (i64, String) {
        let mut expires = 0;
        let mut signature = String::new();
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("expires", v)) => expires = v.parse().unwrap_or(0),
                Some(("signature", v)) => signature = v.to_owned(),
                _ => {}
            }
        }
        (expires, signature)
    }

    #[test]
    fn a_signature_is_bound_to_its_media_action_and_time() {
        let signer = UrlSigner::new(b"secret");
        let id = Uuid::now_v7();
        let now = Utc::now();
        let (expires, signature) = parts(&signer.sign(id, Action::Download, now + Duration::minutes(5), ""));
        assert!(signer.verify(id, Action::Download, expires, "", &signature, now));
        assert!(!signer.verify(id, Action::Upload, expires, "", &signature, now));
        assert!(!signer.verify(Uuid::now_v7(), Action::Download, expires, "", &signature, now));
        assert!(!signer.verify(id, Action::Download, expires + 60, "", &signature, now));
        assert!(!signer.verify(id, Action::Download, expires, "", &signature, now + Duration::minutes(6)));
        assert!(!UrlSigner::new(b"other").verify(id, Action::Download, expires, "", &signature, now));
    }
}

//! The check behind every bearer token: is the sign-in still standing? A token whose session
//! was signed out or ran past its lifetime, or whose person was deactivated, deleted, moved or
//! given other roles, is refused. Answers are read from the database and kept in an in-process
//! cache for `LATIH_AUTH_CACHE_SECS`, so a revocation takes hold on every node within that
//! many seconds and a request costs no query while the cache is warm.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Duration, Utc};
use futures_util::future::LocalBoxFuture;
use latih_kernel::auth::{Claims, TokenCheck};
use latih_kernel::{ApiError, ApiResult, Clock, Msg, Roles};
use sea_orm::{DatabaseConnection, EntityTrait};
use uuid::Uuid;

use crate::entity::{session, user};

/// Entries above this many are swept of stale ones; past it again the cache starts over.
const MAX_ENTRIES: usize = 100_000;

/// A map whose entries are good for `ttl` after they were read.
struct TtlCache<K, V> {
    ttl: Duration,
    entries: Mutex<HashMap<K, (DateTime<Utc>, V)>>,
}

impl<K: Eq + Hash, V: Clone> TtlCache<K, V> {
    fn new(ttl: Duration) -> Self {
        Self { ttl, entries: Mutex::new(HashMap::new()) }
    }

    fn get(&self, key: &K, now: DateTime<Utc>) -> Option<V> {
        if self.ttl <= Duration::zero() {
            return None;
        }
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.get(key).filter(|(read_at, _)| *read_at + self.ttl > now && *read_at <= now).map(|(_, v)| v.clone())
    }

    fn put(&self, key: K, value: V, now: DateTime<Utc>) {
        if self.ttl <= Duration::zero() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (read_at, _)| *read_at + self.ttl > now);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, (now, value));
    }
}

/// What a token is compared with: the person as stored.
#[derive(Clone, Debug)]
struct Standing {
    active: bool,
    roles: Roles,
    organization_id: Option<Uuid>,
}

/// A session as stored.
#[derive(Clone, Debug)]
struct SessionState {
    user_id: Uuid,
    expires_at: DateTime<Utc>,
    revoked: bool,
}

/// The identity crate's `TokenCheck`.
pub struct SessionGuard {
    db: DatabaseConnection,
    clock: Clock,
    people: TtlCache<Uuid, Option<Standing>>,
    sessions: TtlCache<Uuid, Option<SessionState>>,
}

fn revoked() -> ApiError {
    ApiError::Unauthenticated(Msg::new(
        "Sesi ini sudah berakhir; silakan masuk lagi.",
        "This session has ended; please sign in again.",
    ))
}

impl SessionGuard {
    pub fn new(db: DatabaseConnection, clock: Clock, ttl: Duration) -> Self {
        Self { db, clock, people: TtlCache::new(ttl), sessions: TtlCache::new(ttl) }
    }

    async fn standing(&self, id: Uuid, now: DateTime<Utc>) -> ApiResult<Option<Standing>> {
        if let Some(cached) = self.people.get(&id, now) {
            return Ok(cached);
        }
        let found = user::Entity::find_by_id(id).one(&self.db).await?.map(|p| Standing {
            active: p.is_active,
            roles: Roles::from_column(&p.roles),
            organization_id: p.organization_id,
        });
        self.people.put(id, found.clone(), now);
        Ok(found)
    }

    async fn session(&self, id: Uuid, now: DateTime<Utc>) -> ApiResult<Option<SessionState>> {
        if let Some(cached) = self.sessions.get(&id, now) {
            return Ok(cached);
        }
        let found = session::Entity::find_by_id(id).one(&self.db).await?.map(|s| SessionState {
            user_id: s.user_id,
            expires_at: s.expires_at,
            revoked: s.revoked_at.is_some(),
        });
        self.sessions.put(id, found.clone(), now);
        Ok(found)
    }

    async fn verify(&self, claims: &Claims) -> ApiResult<()> {
        let now = self.clock.now();
        let standing = self.standing(claims.sub, now).await?.ok_or_else(revoked)?;
        let same = standing.active
            && standing.organization_id == claims.org
            && standing.roles == Roles::new(claims.roles.iter().copied());
        if !same {
            return Err(revoked());
        }
        if let Some(sid) = claims.sid {
            let session = self.session(sid, now).await?.ok_or_else(revoked)?;
            if session.revoked || session.expires_at <= now || session.user_id != claims.sub {
                return Err(revoked());
            }
        }
        Ok(())
    }
}

impl TokenCheck for SessionGuard {
    fn check<'a>(&'a self, claims: &'a Claims) -> LocalBoxFuture<'a, ApiResult<()>> {
        Box::pin(self.verify(claims))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};

    use super::TtlCache;

    #[test]
    fn entries_expire_after_the_ttl_and_a_zero_ttl_keeps_nothing() {
        let now = Utc::now();
        let cache = TtlCache::new(Duration::seconds(5));
        cache.put(1, "a", now);
        assert_eq!(cache.get(&1, now + Duration::seconds(4)), Some("a"));
        assert_eq!(cache.get(&1, now + Duration::seconds(5)), None);
        let off = TtlCache::new(Duration::zero());
        off.put(1, "a", now);
        assert_eq!(off.get(&1, now), None);
    }
}

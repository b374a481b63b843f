//! Notification preferences: the defaults, what a person changed, and what they mean for one
//! notice (in the app? by e-mail now, in a digest, or not at all?).

use std::collections::{BTreeMap, HashMap};

use latih_kernel::{ApiResult, AuthUser, Clock, FieldErrors, Msg};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::dto::{EventPreference, PreferencesDto, UpdatePreferences};
use crate::entity::preference;
use crate::notice::NoticeKind;

/// How e-mail is bundled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digest {
    Off,
    Daily,
    Weekly,
}

impl Digest {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "off" => Some(Self::Off),
            "daily" => Some(Self::Daily),
            "weekly" => Some(Self::Weekly),
            _ => None,
        }
    }
}

/// One person's preferences, defaults filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preferences {
    pub email: bool,
    pub digest: Digest,
    pub events: BTreeMap<NoticeKind, EventPreference>,
}

/// What to do with one notice for one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub in_app: bool,
    pub email: EmailWhen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailWhen {
    Never,
    Now,
    Digest,
}

/// E-mail is on by default for what a person must act on or keep: assignments and deadlines,
/// certificates, decisions on their claims and plans, and the admins' monthly summary.
fn default_email(kind: NoticeKind) -> bool {
    matches!(
        kind,
        NoticeKind::EnrollmentAssigned
            | NoticeKind::EnrollmentDueSoon
            | NoticeKind::EnrollmentOverdue
            | NoticeKind::CertificateIssued
            | NoticeKind::JpClaimDecided
            | NoticeKind::DevelopmentPlanDecided
            | NoticeKind::MonthlySummary
    )
}

impl Default for Delivery {
    fn default() -> Self {
        Self { in_app: true, email: EmailWhen::Never }
    }
}

impl Default for Preferences {
    fn default() -> Self {
        let events = NoticeKind::ALL
            .into_iter()
            .map(|k| (k, EventPreference { in_app: true, email: default_email(k) }))
            .collect();
        Self { email: true, digest: Digest::Off, events }
    }
}

impl Preferences {
    fn from_row(row: &preference::Model) -> Self {
        let mut prefs =
            Self { email: row.email, digest: Digest::parse(&row.digest).unwrap_or(Digest::Off), ..Self::default() };
        let stored: BTreeMap<String, EventPreference> = serde_json::from_str(&row.events).unwrap_or_default();
        for (name, pref) in stored {
            if let Some(kind) = NoticeKind::parse(&name) {
                prefs.events.insert(kind, pref);
            }
        }
        prefs
    }

    /// Mandatory kinds always show and always e-mail at once; the rest follow the person.
    pub fn delivery(&self, kind: NoticeKind) -> Delivery {
        if kind.is_mandatory() {
            return Delivery { in_app: true, email: EmailWhen::Now };
        }
        let event = self.events.get(&kind).copied().unwrap_or(EventPreference { in_app: true, email: false });
        let email = match (self.email && event.email, self.digest) {
            (false, _) => EmailWhen::Never,
            (true, Digest::Off) => EmailWhen::Now,
            (true, _) => EmailWhen::Digest,
        };
        Delivery { in_app: event.in_app, email }
    }

    pub fn to_dto(&self) -> PreferencesDto {
        let events = self
            .events
            .iter()
            .map(|(kind, pref)| {
                let shown = if kind.is_mandatory() { EventPreference { in_app: true, email: true } } else { *pref };
                (kind.as_str().to_owned(), shown)
            })
            .collect();
        PreferencesDto { email: self.email, digest: self.digest.as_str().to_owned(), events }
    }
}

/// The preferences of each of `users` (defaults for those who never set any), in one query.
pub async fn load_many(db: &impl ConnectionTrait, users: &[Uuid]) -> Result<HashMap<Uuid, Preferences>, DbErr> {
    let rows = preference::Entity::find().filter(preference::Column::UserId.is_in(users.to_vec())).all(db).await?;
    let mut found: HashMap<Uuid, Preferences> = rows.iter().map(|r| (r.user_id, Preferences::from_row(r))).collect();
    for user in users {
        found.entry(*user).or_default();
    }
    Ok(found)
}

pub async fn load(db: &impl ConnectionTrait, user: Uuid) -> Result<Preferences, DbErr> {
    Ok(load_many(db, &[user]).await?.remove(&user).unwrap_or_default())
}

/// Stores `prefs` for `user` (one statement: insert or replace).
pub async fn store(db: &impl ConnectionTrait, clock: &Clock, user: Uuid, prefs: &Preferences) -> Result<(), DbErr> {
    let defaults = Preferences::default();
    let changed: BTreeMap<&str, EventPreference> = prefs
        .events
        .iter()
        .filter(|(kind, pref)| defaults.events.get(kind) != Some(pref))
        .map(|(kind, pref)| (kind.as_str(), *pref))
        .collect();
    let events = serde_json::to_string(&changed).map_err(|e| DbErr::Custom(format!("preferences: {e}")))?;
    let row = preference::ActiveModel {
        user_id: Set(user),
        email: Set(prefs.email),
        digest: Set(prefs.digest.as_str().to_owned()),
        events: Set(events),
        updated_at: Set(clock.now()),
    };
    preference::Entity::insert(row)
        .on_conflict(
            OnConflict::column(preference::Column::UserId)
                .update_columns([
                    preference::Column::Email,
                    preference::Column::Digest,
                    preference::Column::Events,
                    preference::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn mine(db: &impl ConnectionTrait, actor: &AuthUser) -> ApiResult<PreferencesDto> {
    Ok(load(db, actor.id).await?.to_dto())
}

/// Applies a change after checking all of it: unknown events and digests, and turning off what
/// always reaches the person, are 422 with one field error each.
pub async fn update(
    db: &impl ConnectionTrait,
    clock: &Clock,
    actor: &AuthUser,
    input: UpdatePreferences,
) -> ApiResult<PreferencesDto> {
    let mut prefs = load(db, actor.id).await?;
    let mut errors = FieldErrors::new();
    if let Some(email) = input.email {
        prefs.email = email;
    }
    if let Some(raw) = &input.digest {
        match Digest::parse(raw) {
            Some(digest) => prefs.digest = digest,
            None => errors.add(
                "digest",
                "invalid_choice",
                Msg::new("digest harus off, daily atau weekly.", "digest must be off, daily or weekly."),
            ),
        }
    }
    for (name, change) in &input.events {
        let Some(kind) = NoticeKind::parse(name) else {
            errors.add(
                format!("events.{name}"),
                "unknown_event",
                Msg::new("Jenis pemberitahuan ini tidak dikenal.", "This notification kind is not known."),
            );
            continue;
        };
        if kind.is_mandatory() {
            for (field, value) in [("in_app", change.in_app), ("email", change.email)] {
                if value == Some(false) {
                    errors.add(
                        format!("events.{name}.{field}"),
                        "always_on",
                        Msg::new(
                            "Penugasan dan tenggat pelatihan selalu disampaikan.",
                            "Assignments and training deadlines always reach you.",
                        ),
                    );
                }
            }
            continue;
        }
        let entry = prefs.events.entry(kind).or_insert(EventPreference { in_app: true, email: false });
        if let Some(in_app) = change.in_app {
            entry.in_app = in_app;
        }
        if let Some(email) = change.email {
            entry.email = email;
        }
    }
    errors.finish()?;
    store(db, clock, actor.id, &prefs).await?;
    Ok(prefs.to_dto())
}

/// Turns the e-mail of one event off for `user` (the one-click unsubscribe); a mandatory event
/// cannot be turned off and is left as it is.
pub async fn unsubscribe(db: &impl ConnectionTrait, clock: &Clock, user: Uuid, kind: NoticeKind) -> Result<(), DbErr> {
    if kind.is_mandatory() {
        return Ok(());
    }
    let mut prefs = load(db, user).await?;
    let entry = prefs.events.entry(kind).or_insert(EventPreference { in_app: true, email: false });
    if !entry.email {
        return Ok(());
    }
    entry.email = false;
    store(db, clock, user, &prefs).await
}

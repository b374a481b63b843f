//! Request and response bodies of the notification endpoints.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// One in-app notification, in the caller's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationDto {
    pub id: Uuid,
    /// The event name, one of the notification kinds (`forum.reply`, `enrollment.assigned`, ...).
    pub event: String,
    pub title: String,
    pub body: String,
    /// Where the frontend should lead (an API-style path such as `/threads/<id>`), if anywhere.
    pub link: Option<String>,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationParams {
    /// Only unread ones.
    #[serde(default)]
    pub unread: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MarkRead {
    pub ids: Vec<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedRead {
    pub updated: u64,
}

/// Whether one event shows in the app and comes by e-mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EventPreference {
    pub in_app: bool,
    pub email: bool,
}

/// A person's notification preferences. `enrollment.assigned`, `enrollment.due_soon` and
/// `enrollment.overdue` always reach the person: always in the app, and always by e-mail, right
/// away, whatever `email` and `digest` say (their `in_app` cannot be turned off; their `email`
/// setting is shown as `true`).
#[derive(Debug, Serialize, ToSchema)]
pub struct PreferencesDto {
    /// E-mail at all (besides the mandatory events).
    pub email: bool,
    /// `off`: each e-mail on its own; `daily` (07:00) or `weekly` (Monday 07:00), in the
    /// organization's time zone: one e-mail listing what came since.
    pub digest: String,
    /// Every notification kind.
    pub events: BTreeMap<String, EventPreference>,
}

/// A change of preferences: fields left out stay as they are, and so do events left out.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdatePreferences {
    pub email: Option<bool>,
    /// `off`, `daily` or `weekly`.
    pub digest: Option<String>,
    #[serde(default)]
    pub events: BTreeMap<String, EventPreferenceChange>,
}

/// A change of one event's preference; a field left out stays as it is.
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
pub struct EventPreferenceChange {
    pub in_app: Option<bool>,
    pub email: Option<bool>,
}

/// What a one-click unsubscribe did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Unsubscribed {
    /// The event whose e-mail is now off.
    pub event: String,
}

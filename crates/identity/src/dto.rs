//! Request and response bodies of the identity endpoints.

use chrono::{DateTime, Utc};
use latih_kernel::Role;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::entity::{organization, unit, user};
use crate::model::EmploymentType;

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// E-mail address or 18-digit NIP.
    #[schema(example = "budi@kupangkota.go.id")]
    pub login: String,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    /// JWT to send as `Authorization: Bearer ...`.
    pub access_token: String,
    /// Opaque, single use: exchange it at `/auth/refresh` for a new pair.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until `access_token` expires.
    pub expires_in: i64,
}

/// A person as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub employment_type: EmploymentType,
    pub nip: Option<String>,
    pub roles: Vec<Role>,
    pub organization_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    /// Jabatan, e.g. "Analis Kebijakan Ahli Muda".
    pub position: Option<String>,
    /// Golongan, e.g. "III/b".
    pub rank: Option<String>,
    /// The organization's position record, which carries the required competency levels.
    pub position_id: Option<Uuid>,
    /// The atasan: same organization, never forming a cycle.
    pub supervisor_id: Option<Uuid>,
    /// Inactive people cannot sign in.
    pub is_active: bool,
    /// `id` or `en`: the language of their e-mail and notifications; `null` until they choose
    /// (then `Accept-Language` decides, and e-mail is Indonesian).
    pub language: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// What a person may change about themselves.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateMe {
    /// `id` (Indonesian) or `en` (English).
    pub language: Option<String>,
}

impl From<user::Model> for UserDto {
    fn from(m: user::Model) -> Self {
        Self {
            id: m.id,
            name: m.name,
            email: m.email,
            employment_type: EmploymentType::from_column(&m.employment_type),
            nip: m.nip,
            roles: latih_kernel::Roles::from_column(&m.roles).as_slice().to_vec(),
            organization_id: m.organization_id,
            unit_id: m.unit_id,
            position: m.position,
            rank: m.rank,
            position_id: m.position_id,
            supervisor_id: m.supervisor_id,
            is_active: m.is_active,
            language: m.language,
            created_at: m.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateUser {
    pub name: String,
    pub email: String,
    /// Optional: a person without a password cannot sign in until one is set.
    pub password: Option<String>,
    /// Defaults to `["learner"]`. Only a platform admin grants `platform_admin`.
    pub roles: Option<Vec<Role>>,
    /// Defaults to the org admin's own organization.
    pub organization_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub employment_type: EmploymentType,
    pub nip: Option<String>,
    pub position: Option<String>,
    pub rank: Option<String>,
}

/// Fields to change; absent fields stay as they are, `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct UpdateUser {
    pub name: Option<String>,
    pub email: Option<String>,
    pub password: Option<String>,
    pub roles: Option<Vec<Role>>,
    /// Platform admins only.
    pub organization_id: Option<Uuid>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub unit_id: Option<Option<Uuid>>,
    pub employment_type: Option<EmploymentType>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<String>)]
    pub nip: Option<Option<String>>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<String>)]
    pub position: Option<Option<String>>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<String>)]
    pub rank: Option<Option<String>>,
    /// A position of the person's organization; `null` clears it.
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub position_id: Option<Option<Uuid>>,
    /// Someone of the person's organization who is not below them; `null` clears it.
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub supervisor_id: Option<Option<Uuid>>,
    pub is_active: Option<bool>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    pub organization_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub role: Option<Role>,
    /// Matches name, e-mail or NIP, ignoring case.
    pub q: Option<String>,
}

/// What a CSV roster import did, line by line.
#[derive(Debug, Serialize, ToSchema)]
pub struct RosterImportReport {
    pub created: u32,
    pub updated: u32,
    /// Lines that matched a person exactly as stored.
    pub unchanged: u32,
    pub errors: Vec<ImportLineError>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportLineError {
    /// Line number in the file; the header is line 1.
    pub line: u64,
    pub message: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Platform admins name the organization; org admins import into their own.
    pub organization_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationDto {
    pub id: Uuid,
    pub name: String,
    /// Unique short code, upper-case.
    pub code: String,
    /// IANA time zone; deadlines and report years are computed in it.
    pub timezone: String,
    pub created_at: DateTime<Utc>,
}

impl From<organization::Model> for OrganizationDto {
    fn from(m: organization::Model) -> Self {
        Self { id: m.id, name: m.name, code: m.code, timezone: m.timezone, created_at: m.created_at }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateOrganization {
    #[schema(example = "Pemerintah Kota Kupang")]
    pub name: String,
    #[schema(example = "PEMKOT-KUPANG")]
    pub code: String,
    #[schema(example = "Asia/Makassar")]
    pub timezone: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateOrganization {
    pub name: Option<String>,
    pub timezone: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDto {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub code: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<unit::Model> for UnitDto {
    fn from(m: unit::Model) -> Self {
        Self {
            id: m.id,
            organization_id: m.organization_id,
            parent_id: m.parent_id,
            name: m.name,
            code: m.code,
            created_at: m.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateUnit {
    #[schema(example = "Bidang Pengembangan Kompetensi")]
    pub name: String,
    /// The parent unit, of the same organization; `null` for a top-level unit.
    pub parent_id: Option<Uuid>,
    /// Optional short code, unique in the organization; the roster import matches it.
    pub code: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangePassword {
    pub current_password: String,
    pub new_password: String,
}

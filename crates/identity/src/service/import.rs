//! The CSV roster import: streamed line by line, each person upserted by NIP or e-mail in a
//! transaction of its own, so one bad line never blocks the good ones, a crash never leaves half a
//! person, and a re-run of the same file changes nothing.

use std::collections::HashMap;
use std::io;

use actix_web::web::Bytes;
use chrono::NaiveDate;
use csv_async::{AsyncReaderBuilder, StringRecord, Trim};
use futures_util::Stream;
use latih_kernel::ids::new_id;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Lang, Msg, Role, Roles};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, Set,
    TransactionTrait,
};
use tokio_util::io::StreamReader;
use uuid::Uuid;

use crate::dto::{ImportLineError, RosterImportReport};
use crate::entity::{unit, user};
use crate::model::EmploymentType;
use crate::service::users::{Person, PersonInput, validate_person};

const COLUMNS: [&str; 8] = ["nip", "name", "email", "employment_type", "unit", "position", "rank", "roles"];

/// Where each known column sits in the file's header.
struct Header(HashMap<&'static str, usize>);

impl Header {
    fn parse(record: &StringRecord) -> ApiResult<Self> {
        let mut positions = HashMap::new();
        for (index, name) in record.iter().enumerate() {
            let name = name.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            if let Some(column) = COLUMNS.iter().find(|c| **c == name) {
                positions.insert(*column, index);
            }
        }
        let mut errors = FieldErrors::new();
        for required in ["name", "email"] {
            if !positions.contains_key(required) {
                errors.add(
                    "header",
                    "missing_column",
                    Msg::new(
                        format!("Kolom '{required}' tidak ada di baris judul."),
                        format!("The header lacks '{required}'."),
                    ),
                );
            }
        }
        errors.finish()?;
        Ok(Self(positions))
    }

    fn get<'r>(&self, record: &'r StringRecord, column: &str) -> &'r str {
        self.0.get(column).and_then(|index| record.get(*index)).unwrap_or("")
    }
}

/// The organization's units by code and by lower-cased name, loaded once per import.
struct Units {
    by_code: HashMap<String, Uuid>,
    by_name: HashMap<String, Vec<Uuid>>,
}

impl Units {
    async fn load(db: &impl ConnectionTrait, organization_id: Uuid) -> ApiResult<Self> {
        let rows = unit::Entity::find().filter(unit::Column::OrganizationId.eq(organization_id)).all(db).await?;
        let mut units = Units { by_code: HashMap::new(), by_name: HashMap::new() };
        for row in rows {
            if let Some(code) = row.code {
                units.by_code.insert(code.to_ascii_uppercase(), row.id);
            }
            units.by_name.entry(row.name.trim().to_lowercase()).or_default().push(row.id);
        }
        Ok(units)
    }

    fn find(&self, cell: &str) -> Result<Option<Uuid>, Msg> {
        let cell = cell.trim();
        if cell.is_empty() {
            return Ok(None);
        }
        if let Some(id) = self.by_code.get(&cell.to_ascii_uppercase()) {
            return Ok(Some(*id));
        }
        match self.by_name.get(&cell.to_lowercase()).map(Vec::as_slice) {
            Some([id]) => Ok(Some(*id)),
            Some(_) => Err(Msg::new(
                format!("Nama unit '{cell}' tidak unik; pakai kode unit."),
                format!("Unit name '{cell}' is not unique; use the unit code."),
            )),
            None => Err(Msg::new(format!("Unit '{cell}' tidak dikenal."), format!("Unknown unit '{cell}'."))),
        }
    }
}

enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// One validated line.
struct Line {
    person: Person,
    unit_id: Option<Uuid>,
    roles: Option<Roles>,
}

fn parse_roles(cell: &str) -> Result<Option<Roles>, Msg> {
    let words: Vec<&str> = cell.split([';', ',', '|', ' ']).map(str::trim).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Ok(None);
    }
    let mut roles = Vec::new();
    for word in words {
        match word.to_ascii_lowercase().parse::<Role>() {
            Ok(Role::PlatformAdmin) => {
                return Err(Msg::new(
                    "Peran platform_admin tidak dapat diberikan lewat impor.",
                    "platform_admin cannot be granted by an import.",
                ));
            }
            Ok(role) => roles.push(role),
            Err(()) => {
                return Err(Msg::new(format!("Peran '{word}' tidak dikenal."), format!("Unknown role '{word}'.")));
            }
        }
    }
    Ok(Some(Roles::new(roles)))
}

fn field_errors_message(errors: &FieldErrors, lang: Lang) -> String {
    errors.0.iter().map(|e| format!("{}: {}", e.field, e.message.pick(lang))).collect::<Vec<_>>().join("; ")
}

fn parse_line(
    header: &Header,
    record: &StringRecord,
    units: &Units,
    today: NaiveDate,
    lang: Lang,
) -> Result<Line, String> {
    let employment =
        EmploymentType::parse(header.get(record, "employment_type")).map_err(|e| e.message.pick(lang).to_owned())?;
    let mut errors = FieldErrors::new();
    let person = validate_person(
        &PersonInput {
            name: header.get(record, "name"),
            email: header.get(record, "email"),
            employment,
            nip: Some(header.get(record, "nip")),
            position: Some(header.get(record, "position")),
            rank: Some(header.get(record, "rank")),
        },
        today,
        &mut errors,
    );
    let unit_id = units.find(header.get(record, "unit")).map_err(|m| m.pick(lang).to_owned())?;
    let roles = parse_roles(header.get(record, "roles")).map_err(|m| m.pick(lang).to_owned())?;
    match person {
        Some(person) if errors.is_empty() => Ok(Line { person, unit_id, roles }),
        _ => Err(field_errors_message(&errors, lang)),
    }
}

/// Writes one person in its own transaction.
async fn upsert(db: &DatabaseConnection, organization_id: Uuid, line: Line, clock: &Clock) -> Result<Outcome, Msg> {
    let internal = |e: sea_orm::DbErr| {
        tracing::error!(error = %e, "roster import line failed");
        Msg::new("Baris gagal disimpan; coba lagi.", "The line could not be saved; try again.")
    };
    let txn = db.begin().await.map_err(internal)?;
    let by_nip = match &line.person.nip {
        Some(nip) => user::Entity::find().filter(user::Column::Nip.eq(nip)).one(&txn).await.map_err(internal)?,
        None => None,
    };
    let by_email =
        user::Entity::find().filter(user::Column::Email.eq(&line.person.email)).one(&txn).await.map_err(internal)?;
    let existing = match (by_nip, by_email) {
        (Some(a), Some(b)) if a.id != b.id => {
            return Err(Msg::new(
                "E-mail ini sudah dipakai orang lain dengan NIP berbeda.",
                "This e-mail belongs to another person with a different NIP.",
            ));
        }
        (Some(found), _) | (None, Some(found)) => Some(found),
        (None, None) => None,
    };
    let now = clock.now();
    let outcome = match existing {
        Some(found) if found.organization_id != Some(organization_id) => {
            return Err(Msg::new(
                "NIP atau e-mail ini terdaftar di organisasi lain.",
                "This NIP or e-mail is registered in another organization.",
            ));
        }
        Some(found) => {
            let stored_roles = Roles::from_column(&found.roles);
            if stored_roles.contains(Role::PlatformAdmin) {
                return Err(Msg::new(
                    "Admin platform tidak diubah lewat impor.",
                    "Platform admins are not changed by an import.",
                ));
            }
            let roles = line.roles.unwrap_or_else(|| stored_roles.clone());
            let unchanged = found.name == line.person.name
                && found.email == line.person.email
                && found.nip == line.person.nip
                && found.employment_type == line.person.employment.as_str()
                && found.position == line.person.position
                && found.rank == line.person.rank
                && found.unit_id == line.unit_id
                && stored_roles == roles;
            if unchanged {
                Outcome::Unchanged
            } else {
                let mut active = found.into_active_model();
                active.name = Set(line.person.name);
                active.email = Set(line.person.email);
                active.nip = Set(line.person.nip);
                active.employment_type = Set(line.person.employment.as_str().to_owned());
                active.position = Set(line.person.position);
                active.rank = Set(line.person.rank);
                active.unit_id = Set(line.unit_id);
                active.roles = Set(roles.to_column());
                active.updated_at = Set(now);
                active.update(&txn).await.map_err(internal)?;
                Outcome::Updated
            }
        }
        None => {
            user::ActiveModel {
                id: Set(new_id()),
                organization_id: Set(Some(organization_id)),
                unit_id: Set(line.unit_id),
                name: Set(line.person.name),
                email: Set(line.person.email),
                nip: Set(line.person.nip),
                employment_type: Set(line.person.employment.as_str().to_owned()),
                roles: Set(line.roles.unwrap_or_else(|| Roles::new([Role::Learner])).to_column()),
                position: Set(line.person.position),
                rank: Set(line.person.rank),
                position_id: Set(None),
                supervisor_id: Set(None),
                password_hash: Set(None),
                is_active: Set(true),
                language: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            Outcome::Created
        }
    };
    txn.commit().await.map_err(internal)?;
    Ok(outcome)
}

/// The organization a roster goes into: the org admin's own, or the one a platform admin names.
pub fn target_organization(actor: &AuthUser, requested: Option<Uuid>) -> ApiResult<Uuid> {
    actor.require_any(&[Role::OrgAdmin, Role::PlatformAdmin])?;
    let organization_id = requested
        .or(actor.organization_id)
        .ok_or_else(|| ApiError::invalid("organization_id", "required", Msg::new("Wajib diisi.", "Required.")))?;
    if actor.administers(organization_id) { Ok(organization_id) } else { Err(ApiError::not_found()) }
}

/// Reads the roster from `body` as it arrives. `body` yields an error once the size limit is
/// passed; the import then stops with 413, keeping the people already written whole.
pub async fn import(
    db: &DatabaseConnection,
    clock: &Clock,
    organization_id: Uuid,
    body: impl Stream<Item = io::Result<Bytes>> + Send + Unpin,
    lang: Lang,
) -> ApiResult<RosterImportReport> {
    let units = Units::load(db, organization_id).await?;
    let today = clock.now().date_naive();
    let mut reader = AsyncReaderBuilder::new().flexible(true).trim(Trim::All).create_reader(StreamReader::new(body));
    let header = match reader.headers().await {
        Ok(record) => Header::parse(record)?,
        Err(error) => return Err(read_error(error)),
    };
    let mut report = RosterImportReport { created: 0, updated: 0, unchanged: 0, errors: Vec::new() };
    let mut record = StringRecord::new();
    loop {
        match reader.read_record(&mut record).await {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                if record.iter().all(|cell| cell.trim().is_empty()) {
                    continue;
                }
                let result = match parse_line(&header, &record, &units, today, lang) {
                    Ok(parsed) => upsert(db, organization_id, parsed, clock).await.map_err(|m| m.pick(lang).to_owned()),
                    Err(message) => Err(message),
                };
                match result {
                    Ok(Outcome::Created) => report.created += 1,
                    Ok(Outcome::Updated) => report.updated += 1,
                    Ok(Outcome::Unchanged) => report.unchanged += 1,
                    Err(message) => report.errors.push(ImportLineError { line, message }),
                }
            }
            Err(error) if matches!(error.kind(), csv_async::ErrorKind::Io(_)) => {
                return Err(read_error(error));
            }
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                let message = match lang {
                    Lang::Id => "Baris tidak dapat dibaca (bukan UTF-8 atau CSV rusak).",
                    Lang::En => "The line cannot be read (not UTF-8, or broken CSV).",
                };
                report.errors.push(ImportLineError { line, message: message.to_owned() });
            }
        }
    }
    Ok(report)
}

/// Past the size limit the body stream fails with `InvalidData`; other failures are a cut-off body.
fn read_error(error: csv_async::Error) -> ApiError {
    match error.kind() {
        csv_async::ErrorKind::Io(io) if io.kind() == io::ErrorKind::InvalidData => ApiError::TooLarge(Msg::new(
            "Berkas roster melebihi batas ukuran.",
            "The roster file exceeds the size limit.",
        )),
        csv_async::ErrorKind::Utf8 { .. } => {
            ApiError::bad_request(Msg::new("Baris judul bukan UTF-8.", "The header line is not UTF-8."))
        }
        _ => ApiError::bad_request(Msg::new("Badan permintaan terputus.", "The request body was cut off.")),
    }
}

//! `latih admin create`: the first platform admin, straight into the database.

use latih_identity::entity::user;
use latih_identity::model::Email;
use latih_identity::password::check_new_password;
use latih_kernel::ids::new_id;
use latih_kernel::{Clock, Role, Roles};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::state::AppState;

/// Creates a platform admin; refuses an invalid or existing e-mail and a weak password.
pub async fn create(state: &AppState, email: &str, password: String, name: &str) -> anyhow::Result<user::Model> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email: {}", e.message.en))?.into_inner();
    check_new_password(&password).map_err(|e| anyhow::anyhow!("--password: {}", e.message.en))?;
    let name = name.trim();
    if name.is_empty() {
        anyhow::bail!("--name: required");
    }
    let db: &DatabaseConnection = &state.db;
    if user::Entity::find().filter(user::Column::Email.eq(&email)).one(db).await?.is_some() {
        anyhow::bail!("a person with the e-mail {email} already exists");
    }
    let hash = state.auth.passwords.hash(password).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = Clock::system().now();
    let model = user::ActiveModel {
        id: Set(new_id()),
        organization_id: Set(None),
        unit_id: Set(None),
        name: Set(name.to_owned()),
        email: Set(email),
        nip: Set(None),
        employment_type: Set("non_asn".to_owned()),
        roles: Set(Roles::new([Role::PlatformAdmin]).to_column()),
        position: Set(None),
        rank: Set(None),
        position_id: Set(None),
        supervisor_id: Set(None),
        password_hash: Set(Some(hash)),
        is_active: Set(true),
        language: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(model)
}

//! Schema names that two types would share. utoipa keeps schemas in one map by name, so a later
//! type silently replaces an earlier one of the same name and operations then describe a body
//! they never send. Each part of the composition (the document's own components, each domain
//! crate, the platform endpoints) is built on its own and the parts are compared by name; two
//! types of the same name inside one crate are the test suite's source scan's to find.

use std::collections::BTreeMap;

use actix_web::App;
use utoipa::OpenApi;
use utoipa::openapi::{OpenApi as Document, RefOr, schema::Schema};
use utoipa_actix_web::{AppExt, scope};

/// One part of the composition and the schemas it registers, by name.
pub struct SchemaPart {
    pub name: &'static str,
    pub schemas: BTreeMap<String, RefOr<Schema>>,
}

fn schemas_of(doc: Document) -> BTreeMap<String, RefOr<Schema>> {
    doc.components.map(|components| components.schemas).unwrap_or_default()
}

/// The parts the document is composed of, each built apart from the same lists it uses.
pub fn parts() -> Vec<SchemaPart> {
    let mut parts = vec![SchemaPart { name: "document", schemas: schemas_of(super::ApiDoc::openapi()) }];
    for (name, configure) in crate::app::DOMAINS {
        let app = App::new().into_utoipa_app().service(scope("/api/v1").configure(configure));
        parts.push(SchemaPart { name, schemas: schemas_of(app.split_for_parts().1) });
    }
    let (_, platform) = crate::app::platform(App::new().into_utoipa_app()).split_for_parts();
    parts.push(SchemaPart { name: "platform", schemas: schemas_of(platform) });
    parts
}

/// Every schema name that stands for different schemas in different parts, saying which.
pub fn clashes(parts: &[SchemaPart]) -> Vec<String> {
    let mut by_name: BTreeMap<&str, Vec<(serde_json::Value, Vec<&str>)>> = BTreeMap::new();
    for part in parts {
        for (name, schema) in &part.schemas {
            let value = serde_json::to_value(schema).unwrap_or_default();
            let versions = by_name.entry(name).or_default();
            match versions.iter_mut().find(|(known, _)| *known == value) {
                Some((_, owners)) => owners.push(part.name),
                None => versions.push((value, vec![part.name])),
            }
        }
    }
    by_name
        .into_iter()
        .filter(|(_, versions)| versions.len() > 1)
        .map(|(name, versions)| {
            let owners: Vec<String> = versions.iter().map(|(_, owners)| owners.join("+")).collect();
            format!("`{name}` names different schemas in {}", owners.join(" and "))
        })
        .collect()
}

/// The clashes of the document the server serves; empty when every name means one schema.
pub fn schema_name_clashes() -> Vec<String> {
    clashes(&parts())
}

#[cfg(test)]
mod tests {
    use utoipa::ToSchema;

    use super::{SchemaPart, clashes};

    mod courses {
        #[derive(utoipa::ToSchema)]
        #[expect(dead_code, reason = "only its schema is used")]
        pub struct PersonRef {
            pub name: String,
            pub external: bool,
        }
    }

    mod development {
        #[derive(utoipa::ToSchema)]
        #[expect(dead_code, reason = "only its schema is used")]
        pub struct PersonRef {
            pub name: String,
        }
    }

    fn part<T: ToSchema>(name: &'static str) -> SchemaPart {
        SchemaPart { name, schemas: [(T::name().into_owned(), T::schema())].into_iter().collect() }
    }

    #[test]
    fn two_types_of_one_name_in_two_crates_are_a_clash() {
        let parts = [part::<courses::PersonRef>("courses"), part::<development::PersonRef>("development")];
        assert_eq!(clashes(&parts), ["`PersonRef` names different schemas in courses and development"]);
    }

    #[test]
    fn one_type_registered_by_two_crates_is_not_a_clash() {
        let parts = [part::<courses::PersonRef>("courses"), part::<courses::PersonRef>("forums")];
        assert!(clashes(&parts).is_empty());
    }
}

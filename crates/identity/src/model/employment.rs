//! Employment type (PNS, PPPK, non-ASN) and rank (golongan).

use latih_kernel::Msg;
use latih_kernel::error::FieldError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `pns` (permanent civil servant), `pppk` (contract), `non_asn` (external speaker, partner).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentType {
    Pns,
    Pppk,
    NonAsn,
}

impl EmploymentType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pns => "pns",
            Self::Pppk => "pppk",
            Self::NonAsn => "non_asn",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "pns" => Ok(Self::Pns),
            "pppk" => Ok(Self::Pppk),
            "non_asn" | "non-asn" | "" => Ok(Self::NonAsn),
            _ => Err(FieldError::new(
                "invalid_choice",
                Msg::new(
                    "Jenis kepegawaian harus pns, pppk, atau non_asn.",
                    "employment_type must be pns, pppk or non_asn.",
                ),
            )),
        }
    }

    /// The stored form back to the enum; an unknown stored word reads as `non_asn`.
    pub fn from_column(column: &str) -> Self {
        Self::parse(column).unwrap_or(Self::NonAsn)
    }
}

/// A rank: PNS golongan `I/a` to `IV/e`, or a PPPK grade `I` to `XVII`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rank(String);

const ROMAN: [&str; 17] =
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"];

impl Rank {
    pub fn parse(raw: &str, employment: EmploymentType) -> Result<Self, FieldError> {
        let cleaned = raw.trim().replace(' ', "");
        let (roman, letter) = match cleaned.split_once('/') {
            Some((roman, letter)) => (roman.to_ascii_uppercase(), Some(letter.to_ascii_lowercase())),
            None => (cleaned.to_ascii_uppercase(), None),
        };
        let valid = match (employment, letter.as_deref()) {
            (EmploymentType::Pns, Some(letter)) => match roman.as_str() {
                "I" | "II" | "III" => matches!(letter, "a" | "b" | "c" | "d"),
                "IV" => matches!(letter, "a" | "b" | "c" | "d" | "e"),
                _ => false,
            },
            (EmploymentType::Pppk, None) => ROMAN.contains(&roman.as_str()),
            _ => false,
        };
        if !valid {
            return Err(FieldError::new(
                "invalid_rank",
                Msg::new(
                    "Golongan tidak valid: PNS I/a sampai IV/e, PPPK I sampai XVII, non-ASN tanpa golongan.",
                    "Invalid rank: PNS I/a to IV/e, PPPK I to XVII, non-ASN none.",
                ),
            ));
        }
        Ok(Self(match letter {
            Some(letter) => format!("{roman}/{letter}"),
            None => roman,
        }))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::{EmploymentType, Rank};

    #[test]
    fn ranks_follow_the_employment_type() {
        assert_eq!(Rank::parse("iii/b", EmploymentType::Pns).ok().map(Rank::into_inner), Some("III/b".into()));
        assert!(Rank::parse("IV/e", EmploymentType::Pns).is_ok());
        assert!(Rank::parse("III/e", EmploymentType::Pns).is_err());
        assert!(Rank::parse("IX", EmploymentType::Pppk).is_ok());
        assert!(Rank::parse("XVIII", EmploymentType::Pppk).is_err());
        assert!(Rank::parse("III/a", EmploymentType::NonAsn).is_err());
    }
}

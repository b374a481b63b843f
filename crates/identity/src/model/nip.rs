//! NIP, the 18-digit employee number. A PNS number reads birth date `YYYYMMDD`, appointment
//! month `YYYYMM`, sex digit (1 male, 2 female) and a 3-digit sequence, and each part must be
//! valid; a PPPK number is 18 digits with other meanings; non-ASN people have none.

use chrono::{Datelike, NaiveDate};
use latih_kernel::Msg;
use latih_kernel::error::FieldError;

use super::EmploymentType;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nip(String);

fn invalid(id: &'static str, en: &'static str) -> FieldError {
    FieldError::new("invalid_nip", Msg::new(id, en))
}

impl Nip {
    /// Checks `raw` for a person of `employment`; `today` bounds the dates.
    pub fn parse(raw: &str, employment: EmploymentType, today: NaiveDate) -> Result<Self, FieldError> {
        let nip: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if employment == EmploymentType::NonAsn {
            return Err(invalid("Non-ASN tidak memiliki NIP.", "Non-ASN people have no NIP."));
        }
        if nip.len() != 18 || !nip.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid("NIP harus 18 digit angka.", "A NIP is 18 digits."));
        }
        if employment == EmploymentType::Pns {
            check_pns_parts(&nip, today)?;
        }
        Ok(Self(nip))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

fn number(digits: &str) -> u32 {
    digits.parse().unwrap_or(0)
}

fn check_pns_parts(nip: &str, today: NaiveDate) -> Result<(), FieldError> {
    let birth = NaiveDate::from_ymd_opt(number(&nip[0..4]) as i32, number(&nip[4..6]), number(&nip[6..8]))
        .filter(|d| d.year() >= 1900 && *d < today)
        .ok_or_else(|| invalid("Tanggal lahir dalam NIP tidak valid.", "The birth date in the NIP is not valid."))?;
    let appointed_year = number(&nip[8..12]) as i32;
    let appointed_month = number(&nip[12..14]);
    let appointed = NaiveDate::from_ymd_opt(appointed_year, appointed_month, 1).ok_or_else(|| {
        invalid("Bulan pengangkatan dalam NIP tidak valid.", "The appointment month in the NIP is not valid.")
    })?;
    if appointed > today || appointed_year - birth.year() < 17 {
        return Err(invalid(
            "Bulan pengangkatan dalam NIP tidak sesuai dengan tanggal lahir.",
            "The appointment month in the NIP does not fit the birth date.",
        ));
    }
    if !matches!(&nip[14..15], "1" | "2") {
        return Err(invalid("Digit jenis kelamin NIP harus 1 atau 2.", "The sex digit of a NIP is 1 or 2."));
    }
    if &nip[15..18] == "000" {
        return Err(invalid("Nomor urut NIP tidak boleh 000.", "The NIP sequence cannot be 000."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{EmploymentType, Nip};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    #[test]
    fn a_valid_pns_nip_is_accepted() {
        let nip = Nip::parse("19850312 201001 1 003", EmploymentType::Pns, today());
        assert_eq!(nip.ok().map(Nip::into_inner), Some("198503122010011003".into()));
    }

    #[test]
    fn invalid_pns_parts_are_refused() {
        for bad in [
            "19851312201001 1003", // month 13
            "198502302010011003",  // 30 February
            "198503122010131003",  // appointment month 13
            "198503122030011003",  // appointed in the future
            "198503121995011003",  // appointed at ten
            "198503122010013003",  // sex digit 3
            "198503122010011000",  // sequence 000
            "19850312201001100",   // 17 digits
            "19850312201001100x",
        ] {
            assert!(Nip::parse(bad, EmploymentType::Pns, today()).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn pppk_numbers_only_need_18_digits_and_non_asn_have_none() {
        assert!(Nip::parse("199001012023211001", EmploymentType::Pppk, today()).is_ok());
        assert!(Nip::parse("999999999999999999", EmploymentType::Pppk, today()).is_ok());
        assert!(Nip::parse("198503122010011003", EmploymentType::NonAsn, today()).is_err());
    }
}

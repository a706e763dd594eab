//! A household's net income per month in euros, measured against the social minimum (the
//! bijstandsnorm), so a resident can say what they know ("€ 1.800 a month") and the rules still
//! read a percentage (`resident.income_at_most(130)`), as municipalities set their limits.
//!
//! The norms are the Participatiewet's own amounts, net per month with the 4.8 % vakantietoeslag
//! included (art. 19 lid 3), for a household without kostendelende medebewoners: art. 21 (from
//! 21 to the AOW age) and art. 22 (from the AOW age). Where the law sets another norm (a resident
//! under 21, art. 20; other adults at home, the kostendelersnorm of art. 22a), the income is not
//! converted and the advice says so: a wrong norm would open or close a scheme wrongly.

use crate::advice::money::{euros, euros_en, grouped};
use crate::advice::{Notice, NoticeCode};
use crate::catalogue::Text;
use crate::dates::{dutch_date, english_date};
use crate::situation::{reached_aow_age, Household, Situation};
use chrono::NaiveDate;

/// The norms in cents, net per month, from the day each indexation applies. Sources: the
/// Participatiewet as in force on each date (wetten.overheid.nl/BWBR0015703/<date>#Artikel21 and
/// #Artikel22; read from MinBZK's regelrecht-corpus copies, 2026-12-07), checked for 1 July 2025
/// against Metro ("inclusief vakantiegeld … Bron: Rijksoverheid", June 2025) and for 1 January
/// 2026 against the Normenbrief of that date as quoted in a law analysis of 21 January 2026.
const NORMS: [Norms; 3] = [
    Norms::new((2025, 7, 1), 136_906, 195_580, 153_021, 209_498),
    Norms::new((2026, 1, 1), 140_150, 200_213, 156_469, 214_416),
    Norms::new((2026, 7, 1), 141_946, 202_779, 158_734, 217_610),
];

/// One indexation's norms (cents a month).
struct Norms {
    from: (i32, u32, u32),
    /// Art. 21 a: alone or a single parent, from 21 to the AOW age.
    single: u32,
    /// Art. 21 b: a couple, both under the AOW age.
    couple: u32,
    /// Art. 22 a: alone or a single parent, from the AOW age.
    single_aow: u32,
    /// Art. 22 b and c: a couple, one or both of the AOW age.
    couple_aow: u32,
}

impl Norms {
    const fn new(
        from: (i32, u32, u32),
        single: u32,
        couple: u32,
        single_aow: u32,
        couple_aow: u32,
    ) -> Norms {
        Norms {
            from,
            single,
            couple,
            single_aow,
            couple_aow,
        }
    }

    fn first_day(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.from.0, self.from.1, self.from.2)
    }
}

/// What a net income per month comes to, or why it cannot be measured here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The income as a whole percentage of the norm (rounded up), with the norm used.
    Percent {
        /// The income as a whole percentage of the norm, rounded up (at most 1000).
        percent: u16,
        /// The norm, in cents net a month.
        norm_cents: u32,
        /// The day that norm applies from.
        norm_from: NaiveDate,
        /// A couple's norm (else one for someone alone or a single parent).
        couple: bool,
        /// A norm from the AOW age (art. 22; else art. 21).
        aow: bool,
    },
    /// The reference date lies before the first norm toegang knows.
    NoNormYet,
    /// A resident under 21: the law's norm depends on the parents (art. 20).
    Young,
    /// Other adults at home: the kostendelersnorm (art. 22a) depends on how many, and who.
    SharedCosts,
}

/// The situation's income as a percentage of the social minimum: the percentage it gives, else its
/// net income per month measured against the norm (`None` when neither is given or the income
/// cannot be measured).
pub fn income_percent(situation: &Situation) -> Option<u16> {
    match (situation.income_percent, measure(situation)) {
        (Some(percent), _) => Some(percent),
        (None, Some(Measure::Percent { percent, .. })) => Some(percent),
        (None, _) => None,
    }
}

/// Measures the situation's `net_income_per_month`; `None` when it gives none.
pub fn measure(situation: &Situation) -> Option<Measure> {
    let euros = situation.net_income_per_month?;
    let couple = matches!(
        situation.household,
        Household::WithPartner | Household::Family
    );
    let others = matches!(situation.household, Household::Other)
        || situation.children.iter().any(|c| c.age >= 21)
        || situation
            .household_size
            .is_some_and(|n| usize::from(n) > situation.least_household_size());
    let date = situation.reference_date;
    let Some(norms) = NORMS
        .iter()
        .rev()
        .find(|n| n.first_day().is_some_and(|from| from <= date))
    else {
        return Some(Measure::NoNormYet);
    };
    if situation.age < 21 || situation.partner_age.is_some_and(|a| a < 21) {
        return Some(Measure::Young);
    }
    if others {
        return Some(Measure::SharedCosts);
    }
    let aow = reached_aow_age(situation.age, date)
        || situation
            .partner_age
            .is_some_and(|a| couple && reached_aow_age(a, date));
    let norm_cents = match (couple, aow) {
        (false, false) => norms.single,
        (true, false) => norms.couple,
        (false, true) => norms.single_aow,
        (true, true) => norms.couple_aow,
    };
    // Rounded up: for a whole-number limit L, "at most L %" holds for the rounded-up percentage
    // exactly when it holds for the income itself (€ 1.747 against € 1.587,34 is 110.06 %: 111).
    let percent = (u64::from(euros) * 10_000).div_ceil(u64::from(norm_cents));
    Some(Measure::Percent {
        percent: percent.min(1000) as u16,
        norm_cents,
        norm_from: norms.first_day()?,
        couple,
        aow,
    })
}

/// The notice that says how the net income was read: the percentage and the norm, or why the
/// income could not be measured (then the rules read it as unknown).
pub fn notice(situation: &Situation) -> Option<Notice> {
    let euros_given = situation.net_income_per_month?;
    let given = format!("€ {}", grouped(euros_given.into(), '.'));
    let given_en = format!("€{}", grouped(euros_given.into(), ','));
    let text = match measure(situation)? {
        Measure::Percent {
            percent,
            norm_cents,
            norm_from,
            couple,
            aow,
        } => {
            let (who_nl, who_en) = match couple {
                true => ("een paar", "a couple"),
                false => (
                    "iemand alleen of een alleenstaande ouder",
                    "someone alone or a single parent",
                ),
            };
            let (age_nl, age_en, article) = match aow {
                true => ("vanaf de AOW-leeftijd", "of AOW age", 22),
                false => ("onder de AOW-leeftijd", "under AOW age", 21),
            };
            let (norm, norm_en) = (euros(norm_cents), euros_en(norm_cents));
            let (from, from_en) = (dutch_date(norm_from), english_date(norm_from));
            Text::new(
                format!("Uw inkomen is {given} per maand. Dat is {percent}% van de bijstandsnorm (naar boven afgerond). De bijstandsnorm is het bedrag van een bijstandsuitkering. Voor {who_nl} {age_nl} is dat {norm} per maand, met vakantiegeld (vanaf {from}, Participatiewet artikel {article}). Regelingen voor een laag inkomen gebruiken dit percentage. De gemeente rekent het precies uit."),
                format!("Your income is {given_en} a month. That is {percent}% of the social assistance norm (rounded up). The norm is the amount of a social assistance benefit. For {who_en} {age_en} it is {norm_en} a month, holiday pay included (from {from_en}, Participatiewet article {article}). Low-income schemes use this percentage. The municipality works it out exactly."),
            )
        }
        not_counted => {
            let (why_nl, why_en) = match not_counted {
                Measure::Young => ("Onder de 21 jaar hangt de bijstandsnorm af van uw ouders.", "Under 21, the social assistance norm depends on your parents."),
                Measure::SharedCosts => ("Er wonen andere volwassenen bij u. Dan is de bijstandsnorm lager. Hoeveel lager hangt af van wie het zijn.", "Other adults live with you. Then the social assistance norm is lower, by how much depends on who they are."),
                _ => ("toegang kent de bijstandsnorm van deze datum niet.", "toegang does not know the social assistance norm for this date."),
            };
            Text::new(
                format!("{why_nl} Daarom is uw inkomen ({given} per maand) niet meegeteld. Vraag de gemeente of u een regeling voor een laag inkomen kunt krijgen."),
                format!("{why_en} So your income ({given_en} a month) was not counted. Ask the municipality whether a low-income scheme applies to you."),
            )
        }
    };
    Some(Notice {
        code: NoticeCode::Income,
        text,
    })
}

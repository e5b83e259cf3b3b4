//! `answered`: the median hours from each row (an inbound call, a customer's
//! email) to the next row of the same table and account that answers it (our
//! next outbound activity): how long a customer waits for us when they reach
//! out. A row nobody has answered by the as-of date waits until then.
//!
//! Both kinds of rows come in one table and in any order, so the pairing is
//! done at the end: per account the pass keeps the times of the rows asking
//! and of the rows that can answer them, and nothing else.

use super::followed_by::FollowUp;
use super::percentile::{percentile, sql_percentile_of};
use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words, write_duration};
use crate::ingest::values::{SECONDS_PER_DAY, Timestamp};
use crate::metrics::{Evidence, MetricValue};
use crate::model::{FieldId, Table};
use crate::spec::Unit;
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct Answered {
    /// The rows that answer: the metric's own table, its default date.
    pub follow: FollowUp,
}

/// Per account: the times of the rows asking and of the rows answering.
#[derive(Debug, Default)]
pub struct Waits {
    asked: Vec<Timestamp>,
    answers: Vec<Timestamp>,
}

impl Primitive for Answered {
    const NAME: &'static str = "answered";
    type State = Waits;

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        let follow = p.followed_by()?;
        if p.table.is_some_and(|t| t != follow.table) {
            return Err(Unfit::Invalid(format!(
                "answered pairs rows of one table: followed_by.table must be the metric's own, not {}",
                follow.table
            )));
        }
        if follow.within_days.is_some() {
            return Err(Unfit::Invalid(
                "answered waits for the next answer however late it comes: followed_by takes no within_days here".into(),
            ));
        }
        Ok(Answered { follow })
    }

    /// A wait is measured from the row's date, up to the as-of date at most.
    fn dated(&self) -> bool {
        true
    }

    fn needs(&self, _: Table, out: &mut Vec<(Table, Vec<FieldId>)>) {
        self.follow.needs(out);
    }

    fn follows(&self) -> Option<&FollowUp> {
        Some(&self.follow)
    }

    fn fingerprint<'a>(&'a self, p: &mut Fingerprint<'a>) {
        p.followed_by = Some(&self.follow);
    }

    #[inline]
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, waits: &mut Waits) -> bool {
        let Some(at) = row.at() else {
            return false;
        };
        waits.asked.push(at);
        ev.count += 1;
        true
    }

    fn follow_up(&self, waits: &mut Waits, _: i64, at: Timestamp) -> bool {
        // Which row a later answer is for is known only once every row is in.
        waits.answers.push(at);
        false
    }

    fn finish(&self, waits: &Waits, as_of_day: i64, out: &mut MetricValue) {
        // Open things are measured to the end of the as-of day, which windows include.
        let as_of = (as_of_day + 1) * SECONDS_PER_DAY;
        let mut answers = waits.answers.clone();
        answers.sort_unstable();
        let mut hours = Vec::with_capacity(waits.asked.len());
        let mut answered = 0;
        for &asked in &waits.asked {
            match answer(&answers, asked) {
                Some(at) => {
                    answered += 1;
                    hours.push(wait_hours(asked, at));
                }
                None => hours.push((as_of - asked) as f64 / 3600.0),
            }
        }
        out.hits = answered;
        out.value = percentile(&hours, 50.0);
    }

    fn describe(&self, w: &Words) -> String {
        format!(
            "the median hours from each of {} until the next of {}{} at or after it (whole days where either has no time of day; one not answered yet waits until the as-of date)",
            w.rows,
            self.follow.table,
            self.follow.where_words(w)
        )
    }

    fn write_value(&self, out: &mut String, v: f64) {
        write_duration(out, v, Unit::Hours);
    }

    fn sql_rows(&self, q: &Query, s: &mut Sql) -> Res<()> {
        s.cols.push(format!(
            "CAST({} AS {}) AS k_ts",
            q.epoch_col(s.table, s.date),
            q.d.integer_type()
        ));
        Ok(())
    }

    fn sql_group(&self, q: &mut Query, s: &mut Sql) -> Res<()> {
        let (n, as_of) = (s.n, q.as_of);
        let int = q.d.integer_type();
        let ft = self.follow.table;
        let fday = q.day_col(ft, self.follow.date);
        let fts = q.epoch_col(ft, self.follow.date);
        let fconds = q.all(ft, &self.follow.filter, s.owner)?;
        q.cte(
            &format!("f{n}"),
            format!(
                "  SELECT DISTINCT account, CAST({fts} AS {int}) AS f_ts, {fday} AS f_day\n  FROM rows_{}\n  WHERE account IS NOT NULL AND {fday} IS NOT NULL AND {fday} <= {as_of}\n    AND {fconds}",
                ft.sql_name()
            ),
        );
        // The first answer at or after the row; on the row's own day, one
        // without a time of day (at midnight) answers it too.
        q.cte(
            &format!("a{n}"),
            format!(
                "  SELECT s.account, s.k_ts, MIN(f.f_ts) AS a_ts\n  FROM (SELECT DISTINCT account, k_ts, k_day FROM m{n}) s\n  LEFT JOIN f{n} f ON f.account = s.account AND f.f_day >= s.k_day\n    AND (f.f_ts >= s.k_ts OR f.f_ts = s.k_day * {SECONDS_PER_DAY})\n  GROUP BY s.account, s.k_ts"
            ),
        );
        let dbl = |e: &str| format!("CAST({e} AS {})", q.d.double_type());
        let hour = q.num(3600.0);
        let a_day = q.d.day_of(&dbl("a.a_ts"));
        let as_of_end = (as_of + 1) * SECONDS_PER_DAY;
        q.cte(
            &format!("w{n}"),
            format!(
                "  SELECT m.*,\n    CASE WHEN a.a_ts IS NULL THEN {} / {hour}\n      WHEN m.k_ts = m.k_day * {SECONDS_PER_DAY} OR a.a_ts = {a_day} * {SECONDS_PER_DAY} THEN {} * {}\n      ELSE {} / {hour} END AS k_dur,\n    CASE WHEN a.a_ts IS NULL THEN 0 ELSE 1 END AS k_hit\n  FROM m{n} m\n  JOIN a{n} a ON a.account = m.account AND a.k_ts = m.k_ts",
                dbl(&format!("{as_of_end} - m.k_ts")),
                dbl(&format!("{a_day} - m.k_day")),
                q.num(24.0),
                dbl("a.a_ts - m.k_ts"),
            ),
        );
        s.aggs.push("COUNT(*) AS n_rows".into());
        s.aggs.push("SUM(m.k_hit) AS n_hits".into());
        sql_percentile_of(q, s, 0.5, &format!("w{n}"));
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        format!("CAST({g}.k_agg AS {})", q.d.double_type())
    }
}

/// Whether a time has a time of day: a date alone reads as midnight.
fn timed(at: Timestamp) -> bool {
    at.rem_euclid(SECONDS_PER_DAY) != 0
}

/// The first of the sorted `answers` at or after `asked`; on the day of
/// `asked`, one without a time of day answers it too, whatever its hour.
fn answer(answers: &[Timestamp], asked: Timestamp) -> Option<Timestamp> {
    let day_start = asked - asked.rem_euclid(SECONDS_PER_DAY);
    let from = answers.partition_point(|&t| t < day_start);
    answers[from..]
        .iter()
        .copied()
        .find(|&t| t >= asked || t == day_start)
}

/// Hours from `asked` to its answer `at`: between the times when both have a
/// time of day, else the whole days between them.
fn wait_hours(asked: Timestamp, at: Timestamp) -> f64 {
    if timed(asked) && timed(at) {
        (at - asked) as f64 / 3600.0
    } else {
        (at.div_euclid(SECONDS_PER_DAY) - asked.div_euclid(SECONDS_PER_DAY)) as f64 * 24.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;
    const D: i64 = SECONDS_PER_DAY;

    #[test]
    fn the_answer_is_the_first_row_at_or_after_the_one_asking() {
        let answers = [10 * D + 9 * H, 10 * D + 15 * H, 12 * D];
        assert_eq!(answer(&answers, 10 * D + 14 * H), Some(10 * D + 15 * H));
        assert_eq!(answer(&answers, 10 * D + 15 * H), Some(10 * D + 15 * H));
        assert_eq!(answer(&answers, 10 * D + 16 * H), Some(12 * D));
        assert_eq!(answer(&answers, 13 * D + H), None);
        // A date alone on the day asked answers, whatever the hour asked.
        assert_eq!(answer(&[12 * D], 12 * D + 20 * H), Some(12 * D));
        // A row asking with no time of day is answered by any row of its day.
        assert_eq!(answer(&answers, 10 * D), Some(10 * D + 9 * H));
    }

    #[test]
    fn waits_are_in_hours_with_times_else_in_whole_days() {
        assert_eq!(wait_hours(10 * D + 14 * H, 10 * D + 15 * H + 30 * 60), 1.5);
        assert_eq!(wait_hours(10 * D + 14 * H, 12 * D), 48.0);
        assert_eq!(wait_hours(10 * D, 10 * D + 9 * H), 0.0);
        assert_eq!(wait_hours(10 * D, 13 * D), 72.0);
    }
}

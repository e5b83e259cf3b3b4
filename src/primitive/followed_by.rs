//! `followed-by`: the share of the rows followed, within a number of days, by a
//! row of a table read later (a ticket by an activity, a lost deal by a call).
//! [`FollowUp`], the rows waited for, is also what `answered` pairs rows with.

use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words, ratio};
use crate::ingest::values::Timestamp;
use crate::metrics::{Evidence, History, MetricValue};
use crate::model::{FieldId, Table};
use crate::rules::describe::filters;
use crate::spec::Filter;
use crate::warehouse::query::{Query, Res};

/// The rows a metric waits for (`followed_by = { table, within_days, where }`):
/// which table, which of its rows, and how long they may come after.
#[derive(Debug, Clone)]
pub struct FollowUp {
    /// The table of the follow-ups: for `followed-by` one read after the
    /// metric's own, for `answered` the metric's own.
    pub table: Table,
    /// The date a follow-up is dated by (its table's default date).
    pub date: FieldId,
    /// `within_days`, when given.
    pub within_days: Option<i64>,
    pub filter: Vec<Filter>,
}

impl FollowUp {
    /// What reading the follow-ups needs: their date and the fields they are filtered by.
    pub(super) fn needs(&self, out: &mut Vec<(Table, Vec<FieldId>)>) {
        out.push((self.table, vec![self.date]));
        for f in &self.filter {
            out.push((self.table, f.fields.clone()));
        }
    }

    /// ` where ...` of the follow-ups, in words; empty without filters.
    pub(super) fn where_words(&self, w: &Words) -> String {
        if self.filter.is_empty() {
            String::new()
        } else {
            format!(" where {}", filters(w.rules, self.table, &self.filter))
        }
    }
}

#[derive(Debug, Clone)]
pub struct FollowedBy {
    pub follow: FollowUp,
    pub window_days: i64,
}

impl Primitive for FollowedBy {
    const NAME: &'static str = "followed-by";
    type State = Waiting;

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        let follow = p.followed_by()?;
        if p.table.is_some_and(|t| t >= follow.table) {
            return Err(Unfit::Invalid(format!(
                "followed-by waits for rows of a table read after the metric's own, not {} (rows of one table are paired by `answered`)",
                follow.table
            )));
        }
        let window_days = follow
            .within_days
            .ok_or(Unfit::Needs("followed_by.within_days"))?;
        Ok(FollowedBy {
            follow,
            window_days,
        })
    }

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
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, waiting: &mut Self::State) -> bool {
        // The pass only lets dated rows through to a dated primitive.
        let Some(day) = row.day() else {
            return false;
        };
        waiting.push(day as i32);
        ev.count += 1;
        true
    }

    fn follow_up(&self, waiting: &mut Self::State, day: i64, _: Timestamp) -> bool {
        if !waiting.may_follow(day, self.window_days) {
            return false;
        }
        let mut hit = false;
        let (mut first, mut last) = (i32::MAX, i32::MIN);
        for (start, followed) in waiting.rows.iter_mut() {
            if *followed {
                continue;
            }
            let d = *start as i64;
            if day >= d && day <= d + self.window_days {
                *followed = true;
                hit = true;
            } else {
                first = first.min(*start);
                last = last.max(*start);
            }
        }
        (waiting.first, waiting.last) = (first, last);
        hit
    }

    fn finish(&self, waiting: &Self::State, as_of_day: i64, out: &mut MetricValue) {
        judge(self.window_days, &waiting.rows, as_of_day, None, out);
    }

    /// A row whose follow-up window opens before the first dated row of a
    /// follow-up table that keeps a log is not judged either: the export holds
    /// no history to follow it up in (a deal won before the first activity on
    /// file).
    fn finish_over(
        &self,
        waiting: &Self::State,
        as_of_day: i64,
        history: &History,
        out: &mut MetricValue,
    ) {
        let since = history
            .span(self.follow.table)
            .filter(|_| self.follow.table.keeps_a_log())
            .map(|s| s.first.number());
        judge(self.window_days, &waiting.rows, as_of_day, since, out);
    }

    fn describe(&self, w: &Words) -> String {
        format!(
            "the share of {} followed within {} days by {}{}",
            w.rows,
            self.window_days,
            self.follow.table,
            self.follow.where_words(w)
        )
    }

    fn write_value(&self, out: &mut String, v: f64) {
        out.push_str(&format!("{:.0}%", v * 100.0));
    }

    fn sql_rows(&self, _: &Query, _: &mut Sql) -> Res<()> {
        Ok(())
    }

    fn sql_group(&self, q: &mut Query, s: &mut Sql) -> Res<()> {
        let (n, as_of) = (s.n, q.as_of);
        let ft = self.follow.table;
        let fday = q.day_col(ft, self.follow.date);
        let fconds = q.all(ft, &self.follow.filter, s.owner)?;
        q.cte(
            &format!("f{n}"),
            format!(
                "  SELECT DISTINCT account, {fday} AS f_day\n  FROM rows_{}\n  WHERE account IS NOT NULL AND {fday} IS NOT NULL AND {fday} <= {as_of}\n    AND {fconds}",
                ft.sql_name()
            ),
        );
        q.cte(
            &format!("fs{n}"),
            format!(
                "  SELECT s.account, s.k_day, MAX(CASE WHEN f.account IS NULL THEN 0 ELSE 1 END) AS k_followed\n  FROM (SELECT DISTINCT account, k_day FROM m{n}) s\n  LEFT JOIN f{n} f ON f.account = s.account AND f.f_day >= s.k_day AND f.f_day <= s.k_day + {}\n  GROUP BY s.account, s.k_day",
                self.window_days
            ),
        );
        s.from =
            format!("m{n} m\n  JOIN fs{n} fs ON fs.account = m.account AND fs.k_day = m.k_day");
        // A row whose window opens before the follow-up table's history is not judged.
        let on_file = match q.history_first(ft).filter(|_| ft.keeps_a_log()) {
            Some(first) => {
                s.from.push_str(&format!("\n  CROSS JOIN history_{}", ft.sql_name()));
                format!("({first} IS NULL OR m.k_day >= {first})")
            }
            None => "1 = 1".to_string(),
        };
        let judged = format!(
            "{on_file} AND (fs.k_followed = 1 OR m.k_day + {} < {as_of})",
            self.window_days
        );
        s.aggs.push(format!(
            "SUM(CASE WHEN {judged} THEN 1 ELSE 0 END) AS n_rows"
        ));
        s.aggs.push(format!(
            "SUM(CASE WHEN {on_file} THEN fs.k_followed ELSE 0 END) AS n_hits"
        ));
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        q.ratio(g)
    }
}

/// The rows of one account waiting for a follow-up, and what tells at a
/// glance that a follow-up on a given day cannot be one of theirs: every
/// follow-up row of the account asks, and most fall outside every window.
#[derive(Debug)]
pub struct Waiting {
    /// Per row: its day, and whether it has been followed.
    rows: Vec<(i32, bool)>,
    /// The first and last day of the rows not followed yet (first > last
    /// when there are none).
    first: i32,
    last: i32,
}

impl Default for Waiting {
    fn default() -> Self {
        Waiting {
            rows: Vec::new(),
            first: i32::MAX,
            last: i32::MIN,
        }
    }
}

impl Waiting {
    fn push(&mut self, day: i32) {
        self.first = self.first.min(day);
        self.last = self.last.max(day);
        self.rows.push((day, false));
    }

    /// Whether a row of `day` may follow one of the rows not followed yet:
    /// false when none is open or the day is outside every open row's window.
    fn may_follow(&self, day: i64, window_days: i64) -> bool {
        day >= self.first as i64 && day <= self.last as i64 + window_days
    }
}

/// Counts the rows judged and followed. A row whose follow-up window has not
/// ended by as-of is judged only once followed; one whose window opened
/// before `since` is not judged at all.
fn judge(
    window_days: i64,
    waiting: &[(i32, bool)],
    as_of_day: i64,
    since: Option<i64>,
    out: &mut MetricValue,
) {
    let (mut judged, mut followed) = (0, 0);
    for &(d, f) in waiting {
        let d = d as i64;
        let on_file = since.is_none_or(|first| d >= first);
        if on_file && (f || d + window_days < as_of_day) {
            judged += 1;
            followed += f as u32;
        }
    }
    out.count = judged;
    out.hits = followed;
    out.value = ratio(out.hits, out.count);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows and follow-ups as every row scanned: which follow-ups hit, and
    /// which rows end up followed.
    fn scanned(rows: &[i32], follow_ups: &[i64], window: i64) -> (Vec<bool>, Vec<bool>) {
        let mut followed = vec![false; rows.len()];
        let hits = follow_ups
            .iter()
            .map(|&day| {
                let mut hit = false;
                for (r, f) in rows.iter().zip(followed.iter_mut()) {
                    if !*f && day >= *r as i64 && day <= *r as i64 + window {
                        *f = true;
                        hit = true;
                    }
                }
                hit
            })
            .collect();
        (hits, followed)
    }

    proptest::proptest! {
        #[test]
        fn the_glance_at_the_open_rows_skips_no_follow_up(
            rows in proptest::collection::vec(-50i32..50, 0..12),
            follow_ups in proptest::collection::vec(-80i64..80, 0..12),
            window in 0i64..30,
        ) {
            let metric = FollowedBy {
                follow: FollowUp {
                    table: Table::Activities,
                    date: FieldId(0),
                    within_days: Some(window),
                    filter: Vec::new(),
                },
                window_days: window,
            };
            let mut waiting = Waiting::default();
            for &r in &rows {
                waiting.push(r);
            }
            let hits: Vec<bool> = follow_ups
                .iter()
                .map(|&day| metric.follow_up(&mut waiting, day, 0))
                .collect();
            let followed: Vec<bool> = waiting.rows.iter().map(|r| r.1).collect();
            proptest::prop_assert_eq!((hits, followed), scanned(&rows, &follow_ups, window));
            let open = waiting.rows.iter().filter(|r| !r.1).map(|r| r.0);
            let range = (open.clone().min().unwrap_or(i32::MAX), open.max().unwrap_or(i32::MIN));
            proptest::prop_assert_eq!((waiting.first, waiting.last), range);
        }
    }
}

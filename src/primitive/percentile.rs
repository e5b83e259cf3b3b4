//! `percentile`: a percentile of the durations over the rows, interpolated
//! linearly between closest ranks (as numpy's and DuckDB's `quantile_cont`).

use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words, write_duration};
use crate::metrics::{Evidence, MetricValue};
use crate::model::{FieldId, Table};
use crate::rules::describe::duration;
use crate::spec::Duration;
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct Percentile {
    pub duration: Duration,
    /// Above 0, at most 100.
    pub percentile: f64,
}

impl Primitive for Percentile {
    const NAME: &'static str = "percentile";
    /// The durations seen.
    type State = Vec<f64>;

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        Ok(Percentile {
            duration: p.duration()?,
            percentile: p.percentile()?,
        })
    }

    fn needs(&self, table: Table, out: &mut Vec<(Table, Vec<FieldId>)>) {
        self.duration.needs(table, out);
    }

    fn duration(&self) -> Option<&Duration> {
        Some(&self.duration)
    }

    fn fingerprint<'a>(&'a self, p: &mut Fingerprint<'a>) {
        p.duration = Some(&self.duration);
        p.percentile = self.percentile;
    }

    #[inline]
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, seen: &mut Vec<f64>) -> bool {
        fold_duration(&self.duration, row, ev, seen)
    }

    fn finish(&self, seen: &Vec<f64>, _: i64, out: &mut MetricValue) {
        out.value = percentile(seen, self.percentile);
    }

    fn describe(&self, w: &Words) -> String {
        format!(
            "the {}th percentile of {} over {}",
            self.percentile,
            duration(w.table, &self.duration),
            w.rows
        )
    }

    fn write_value(&self, out: &mut String, v: f64) {
        write_duration(out, v, self.duration.unit);
    }

    fn sql_rows(&self, q: &Query, s: &mut Sql) -> Res<()> {
        q.duration_rows(s, &self.duration);
        Ok(())
    }

    fn sql_group(&self, q: &mut Query, s: &mut Sql) -> Res<()> {
        sql_percentile(q, s, self.percentile / 100.0);
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        format!("CAST({g}.k_agg AS {})", q.d.double_type())
    }
}

/// Keeps the row's duration, when it has one.
#[inline]
pub(super) fn fold_duration<R: FoldRow>(
    d: &Duration,
    row: &mut R,
    ev: &mut Evidence,
    seen: &mut Vec<f64>,
) -> bool {
    let Some(d) = row.duration(d) else {
        return false;
    };
    ev.count += 1;
    seen.push(d);
    true
}

/// Linear interpolation between closest ranks (as numpy's and DuckDB's
/// `quantile_cont`).
pub(super) fn percentile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let pos = (q / 100.0) * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(v[lo] + (v[hi] - v[lo]) * (pos - lo as f64))
}

/// The quantile `q` (0 to 1) of `k_dur` per account, into `k_agg`.
pub(super) fn sql_percentile(q: &mut Query, s: &mut Sql, quantile: f64) {
    s.aggs.push("COUNT(*) AS n_rows".into());
    s.aggs.push("0 AS n_hits".into());
    sql_percentile_of(q, s, quantile, &format!("m{}", s.n));
}

/// The quantile `q` (0 to 1) of `k_dur` per account over the rows of CTE
/// `rows`, into `k_agg`; `gN` then reads `rows` (as `m`).
pub(super) fn sql_percentile_of(q: &mut Query, s: &mut Sql, quantile: f64, rows: &str) {
    let n = s.n;
    // Linear interpolation between closest ranks, written out so every
    // engine does the very arithmetic rapport does (the engines' own
    // percentile functions can differ in the last bit, which shows
    // when a value is rounded for the report).
    let dbl = q.d.double_type();
    q.cte(
        &format!("q{n}"),
        format!(
            "  SELECT account, MAX(k_pos) AS k_pos,\n    MAX(CASE WHEN k_rank = FLOOR(k_pos) THEN k_dur END) AS k_lo,\n    MAX(CASE WHEN k_rank = CEIL(k_pos) THEN k_dur END) AS k_hi\n  FROM (\n    SELECT account, k_dur,\n      ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_dur) - 1 AS k_rank,\n      CAST({quantile:?} AS {dbl}) * CAST(COUNT(*) OVER (PARTITION BY account) - 1 AS {dbl}) AS k_pos\n    FROM {rows}\n  ) t\n  GROUP BY account"
        ),
    );
    s.from = format!("{rows} m\n  JOIN q{n} q ON q.account = m.account");
    s.aggs
        .push("MAX(q.k_lo + (q.k_hi - q.k_lo) * (q.k_pos - FLOOR(q.k_pos))) AS k_agg".into());
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn interpolates_between_closest_ranks() {
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[4.0], 90.0), Some(4.0));
        assert_eq!(percentile(&[3.0, 1.0, 2.0, 4.0], 50.0), Some(2.5));
        assert_eq!(percentile(&[10.0, 0.0], 25.0), Some(2.5));
    }
}

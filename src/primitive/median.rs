//! `median`: the median duration over the rows (the 50th percentile).

use super::percentile::{fold_duration, percentile, sql_percentile};
use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words, write_duration};
use crate::metrics::{Evidence, MetricValue};
use crate::model::{FieldId, Table};
use crate::rules::describe::duration;
use crate::spec::Duration;
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct Median {
    pub duration: Duration,
}

impl Primitive for Median {
    const NAME: &'static str = "median";
    /// The durations seen.
    type State = Vec<f64>;

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        Ok(Median {
            duration: p.duration()?,
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
    }

    #[inline]
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, seen: &mut Vec<f64>) -> bool {
        fold_duration(&self.duration, row, ev, seen)
    }

    fn finish(&self, seen: &Vec<f64>, _: i64, out: &mut MetricValue) {
        out.value = percentile(seen, 50.0);
    }

    fn describe(&self, w: &Words) -> String {
        format!(
            "the median of {} over {}",
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
        sql_percentile(q, s, 0.5);
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        format!("CAST({g}.k_agg AS {})", q.d.double_type())
    }
}

//! `count`: the number of rows.

use super::{FoldRow, Parts, Primitive, Sql, Unfit, Words};
use crate::metrics::{Evidence, MetricValue};
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct Count;

impl Primitive for Count {
    const NAME: &'static str = "count";
    type State = ();

    fn compile(_: &mut Parts) -> Result<Self, Unfit> {
        Ok(Count)
    }

    #[inline]
    fn fold<R: FoldRow>(&self, _: &mut R, ev: &mut Evidence, _: &mut ()) -> bool {
        ev.count += 1;
        true
    }

    fn finish(&self, _: &(), _: i64, out: &mut MetricValue) {
        out.value = Some(out.count as f64);
    }

    fn describe(&self, w: &Words) -> String {
        format!("the number of {}", w.rows)
    }

    fn write_value(&self, out: &mut String, v: f64) {
        out.push_str(&format!("{v:.0}"));
    }

    fn sql_rows(&self, _: &Query, _: &mut Sql) -> Res<()> {
        Ok(())
    }

    fn sql_group(&self, _: &mut Query, s: &mut Sql) -> Res<()> {
        s.aggs.push("COUNT(*) AS n_rows".into());
        s.aggs.push("0 AS n_hits".into());
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        format!("CAST(COALESCE({g}.n_rows, 0) AS {})", q.d.double_type())
    }
}

"""Other people's column names: --map, NAME.columns.yaml, a scenario's base_columns,
and the header rules they share (orggraph/io/tables.py)."""

import csv
import io
import random

import pytest

import orggraph
from orggraph.errors import OrgError
from orggraph.io import tables

from tests.helpers import SCHEMA

HO = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
DEM = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Thu"]
TEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hương", "Lan", "Long", "Mai", "Nam", "Phúc",
       "Quang", "Sơn", "Thảo", "Tuấn", "Yến"]
TITLES = ["Chuyên viên", "Chuyên viên chính", "Trưởng phòng", "Phó Trưởng phòng", "Vụ trưởng"]


def employees(n=600, seed=15):
    """A person-level HR export: employee_id,manager_id,name,title, one row a person."""
    rnd = random.Random(seed)
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["employee_id", "manager_id", "name", "title"])
    w.writerow(["10001", "", "Nguyễn Văn Bộ", "Bộ trưởng"])
    for i in range(1, n):
        w.writerow([10001 + i, 10001 + rnd.randrange(i // 3 + 1),
                    f"{rnd.choice(HO)} {rnd.choice(DEM)} {rnd.choice(TEN)}", rnd.choice(TITLES)])
    return out.getvalue()


@pytest.fixture
def hr(tmp_path):
    p = tmp_path / "employees.csv"
    p.write_text(employees(), "utf-8")
    return p


def test_done_when_an_hr_export_imports_with_map(cli, hr, tmp_path):
    out = tmp_path / "org.yaml"
    r = cli("import", hr, "--map", "id=employee_id,parent=manager_id", "-o", out)
    assert r.code == 0, r
    assert "wrote" in r.err and "(600 units)" in r.err
    m = orggraph.load(out)
    assert len(m) == 600 and m.root == "10001" and m["10001"].name == "Nguyễn Văn Bộ"
    assert m["10001"].type == "unit"  # no type column: every unit is a 'unit' (generic)
    assert m["10001"].attrs == {"title": "Bộ trưởng"}  # unmapped columns stay attributes
    assert "employee_id" not in out.read_text("utf-8")  # mapped away: not an attribute


def test_without_a_map_the_header_error_proposes_one(cli, hr):
    r = cli("validate", hr)
    assert r.code == 1
    assert (f"{hr}:1: header lacks id, parent (its columns: 'employee_id', 'manager_id', "
            "'name', 'title'): name the columns so, or map them: --map "
            "id=employee_id,parent=manager_id") in r.err


def test_a_map_to_a_missing_column_names_the_columns(cli, hr):
    r = cli("metrics", hr, "--map", "id=employe_id,parent=manager_id")
    assert r.code == 1 and "Traceback" not in r.err
    assert (f"{hr}:1: --map id=employe_id: no column 'employe_id' (its columns: "
            "'employee_id', 'manager_id', 'name', 'title'); did you mean 'employee_id'?") in r.err


@pytest.mark.parametrize("bad", ["id", "id=", "=employee_id", "id=a,id=b"])
def test_bad_map_syntax_is_a_usage_error_with_an_example(cli, hr, bad):
    r = cli("show", hr, "--map", bad)
    assert r.code == 2
    assert "Invalid value for '--map'" in r.err
    assert "for example --map id=employee_id,parent=manager_id" in r.err


def test_map_may_be_given_several_times_and_on_every_reading_command(cli, hr, tmp_path):
    args = ["--map", "id=employee_id", "--map", "parent=manager_id"]
    assert cli("validate", hr, *args).code == 0
    assert "Nguyễn Văn Bộ [10001]" in cli("show", hr, "--depth", "0", *args).out
    assert '{"summary": {"units": 600,' in cli("metrics", hr, "--format", "json", *args).out
    assert cli("compare", hr, hr, *args).code == 0
    assert cli("export", hr, "-o", tmp_path / "o.json", *args).code == 0
    assert cli("render", hr, "-o", tmp_path / "o.dot", "--depth", "1", *args).code == 0
    assert cli("report", hr, hr, "-o", tmp_path / "r.html", "--no-charts", *args).code == 0


def test_a_columns_file_beside_the_table_is_used_and_named(cli, hr):
    side = hr.with_name("employees.columns.yaml")
    side.write_text("# cột của tệp nhân sự\ncolumns:\n  id: employee_id\n"
                    "  parent: manager_id\n", "utf-8")
    m = orggraph.load(hr)
    assert m["10001"].type == "unit" and m["10001"].attrs == {"title": "Bộ trưởng"}
    # the command line adds to the file's map, and wins over the file, option by option
    side.write_text("columns: {id: employee_id, parent: manager_id}\ndelimiter: ';'\n")
    m = orggraph.load(hr, table={"columns": {"type": "title"}, "delimiter": ","})
    assert m["10001"].type == "Bộ trưởng" and m["10001"].attrs == {}  # title became type
    side.write_text("columns:\n  id: employee_id\n  parent: manger_id\n", "utf-8")
    r = cli("validate", hr)
    assert r.code == 1
    assert (f"{side}:3: columns: parent: manger_id: no column 'manger_id' in {hr} (its "
            "columns: 'employee_id', 'manager_id', 'name', 'title'); did you mean "
            "'manager_id'?") in r.err
    side.write_text("colums: {id: employee_id}\n", "utf-8")
    assert "employees.columns.yaml:1: unknown key 'colums' (known: columns, delimiter, " \
           "encoding, sheet); did you mean 'columns'?" in cli("validate", hr).err
    # a folder given to validate does not take the columns file for a model
    side.write_text("columns: {id: employee_id, parent: manager_id}\ndelimiter: ','\n")
    r = cli("validate", hr.parent)
    assert r.code == 0 and r.out.startswith(f"{hr}: valid: 600 units") and f"{side}:" not in r.out
    assert f"note: the columns of {hr} are as {side} says" in r.err


def test_a_scenario_maps_its_csv_base_with_base_columns(tmp_path, hr):
    plan = tmp_path / "plan.yaml"
    plan.write_text("orggraph-scenario: 1\ntitle: Tổ chức lại\nbase: employees.csv\n"
                    "base_columns: {id: employee_id, parent: manager_id}\nsteps:\n"
                    "  - update: {select: {id: '10002'}, set: {title: Vụ trưởng}}\n", "utf-8")
    r = orggraph.apply_file(plan)
    assert r.model["10002"].attrs["title"] == "Vụ trưởng" and len(r.model) == 600
    plan.write_text("orggraph-scenario: 1\nbase: employees.csv\n"
                    "base_columns: {id: employee_id, parent: boss}\nsteps: []\n", "utf-8")
    with pytest.raises(OrgError, match=r"plan.yaml:3: base_columns: parent: boss: no column "
                                       r"'boss' in .*employees.csv"):
        orggraph.load(plan)
    plan.write_text("orggraph-scenario: 1\nbase: m.yaml\nbase_columns: {id: x}\nsteps: []\n")
    with pytest.raises(OrgError, match="plan.yaml:3: 'base_columns' maps the columns of a base "
                                       r"that is a table \(.csv, .xlsx\); 'm.yaml' is not one"):
        orggraph.load(plan)


def test_the_scenario_schema_knows_base_columns():
    import jsonschema
    v = jsonschema.Draft202012Validator(SCHEMA["scenario"])
    ok = {"orggraph-scenario": 1, "base": "hr.csv", "steps": [],
          "base_columns": {"id": "employee_id", "parent": "manager_id"}}
    assert not list(v.iter_errors(ok))
    assert list(v.iter_errors({**ok, "base_columns": {"id": ""}}))
    assert list(v.iter_errors({**ok, "base_columns": "employee_id"}))


def test_two_columns_for_one_field_and_one_column_for_two(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("STT,ID,Mã,parent,name\n1,a,r,,Gốc\n", "utf-8")
    with pytest.raises(OrgError, match=r"x.csv:1: --map id=Mã gives 'id', but column 'ID' is "
                                       r"'id' too: map that one to another name \(e.g. --map "
                                       r"old_id=ID\)"):
        orggraph.load(p, table={"columns": {"id": "Mã"}})
    m = orggraph.load(p, table={"columns": {"id": "Mã", "old_id": "ID"}})
    assert m["r"].attrs == {"STT": 1, "old_id": "a"}
    with pytest.raises(OrgError, match="--map name=Mã: column 'Mã' is already mapped to 'id'"):
        orggraph.load(p, table={"columns": {"id": "Mã", "name": "Mã"}})
    p.write_text("id,parent,name,ID\nr,,Gốc,7\n", "utf-8")  # a field's name in another case,
    assert orggraph.load(p)["r"].attrs == {"ID": 7}         # beside the field: an attribute


def test_the_type_column_is_needed_under_cpv(tmp_path, cli):
    p = tmp_path / "x.csv"
    p.write_text("id,parent,name\nr,,Thành ủy\n", "utf-8")
    assert orggraph.load(p)["r"].type == "unit"
    r = cli("validate", p, "--profile", "cpv")
    assert r.code == 1 and f"{p}:1: header lacks type (its columns: 'id', 'parent', 'name')" \
        in r.err


def test_parse_map_and_header_directly():
    assert tables.parse_map(["id=a", "parent = b "]) == {"id": "a", "parent": "b"}
    with pytest.raises(ValueError, match="'parent' is mapped twice"):
        tables.parse_map("parent=a,parent=b")
    t = tables.resolve("x.csv", "x.csv", {"columns": {"id": "EMPLOYEE_ID"}})
    assert tables.header(["employee_id", "Parent", "Name"], t, "x.csv") == ["id", "parent",
                                                                           "name"]

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
    p.write_text("id,parent,name,ID\nr,,Gốc,7\n", "utf-8")  # a field's name in another case
    with pytest.raises(OrgError, match=r"x.csv:1: column 'ID' is 'id' in another case, and "
                       r"column 'id' is there too: rename one of them, or map it to another "
                       r"name \(e.g. --map old_id=ID\)"):  # beside the field: YAML refuses it
        orggraph.load(p)
    assert orggraph.load(p, table={"columns": {"old_id": "ID"}})["r"].attrs == {"old_id": 7}


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


# ---------------------------------------------------------------- found in review (issue 15)

def test_a_column_named_like_a_field_is_refused_as_yaml_would(cli, tmp_path):
    p = tmp_path / "bo.csv"
    p.write_text("id,parent,name,tpye,chilren,Name,committee.sise,members.x,Ghi chú\n"
                 "bo-nv,,Bộ Nội vụ,bo,x,y,9,1,z\n", "utf-8")
    r = cli("export", p, "-o", tmp_path / "bo.yaml")
    assert r.code == 1 and not (tmp_path / "bo.yaml").exists()
    assert (f"{p}:1: unknown column 'tpye' (did you mean 'type'?): no attribute may be named "
            "this close to a field; name the column 'type', or map it: --map type=tpye") in r.err
    assert f"{p}:1: unknown column 'chilren' (did you mean 'children'?)" in r.err
    assert (f"{p}:1: column 'Name' is 'name' in another case, and column 'name' is there too: "
            "rename one of them, or map it to another name (e.g. --map old_name=Name)") in r.err
    assert f"{p}:1: unknown column 'committee.sise' (did you mean 'committee.size'?)" in r.err
    assert f"{p}:1: unknown column 'members.x' (did you mean 'members'?)" in r.err
    assert "Ghi chú" not in r.err and "header lacks" not in r.err  # the typo names 'type'
    # as told: map the typo to its field, and the other column away
    r = cli("export", p, "-o", tmp_path / "bo.yaml", "--map", "type=tpye,cấp_dưới=chilren,"
            "old_name=Name,committee.size=committee.sise,biên_chế=members.x")
    assert r.code == 0, r
    assert cli("validate", tmp_path / "bo.yaml").code == 0  # what a table gives, YAML reads
    m = orggraph.load(tmp_path / "bo.yaml")
    assert m["bo-nv"].type == "bo" and m["bo-nv"].attrs["committee"] == {"size": 9}


def test_map_keys_are_fields_or_names_no_field_is_close_to(cli, hr):
    for key, field in [("tpye", "type"), ("Name", "name"), ("committee.sise", "committee.size"),
                       ("ID", "id")]:
        r = cli("validate", hr, "--map", f"id=employee_id,parent=manager_id,{key}=title")
        assert r.code == 2 and f"unknown field '{key}' (did you mean '{field}'?)" in r.err
    r = cli("validate", hr, "--map", "id=employee_id,parent=manager_id,committee=title")
    assert r.code == 2 and "'committee' is not a field: 'committee' holds several numbers" \
        in r.err
    r = cli("validate", hr, "--map", "id=employee_id,parent=manager_id,chức_vụ=title")
    assert r.code == 0  # a name far from every field renames the column
    with pytest.raises(OrgError, match="columns: unknown field 'parnet'"):
        orggraph.load(hr, table={"columns": {"id": "employee_id", "parnet": "manager_id"}})


def test_map_keys_in_files_are_checked_at_their_line(tmp_path, hr):
    side = hr.with_name("employees.columns.yaml")
    side.write_text("columns:\n  id: employee_id\n  parnet: manager_id\n  tpye: title\n",
                    "utf-8")
    with pytest.raises(OrgError) as e:
        orggraph.load(hr)
    assert [str(x) for x in e.value.errors] == [
        f"{side}:3: columns: unknown field 'parnet' (did you mean 'parent'?); the fields: id, "
        "parent, name, type, members, committee.size, committee.standing, staff.dedicated, "
        "staff.concurrent",
        f"{side}:4: columns: unknown field 'tpye' (did you mean 'type'?); the fields: id, "
        "parent, name, type, members, committee.size, committee.standing, staff.dedicated, "
        "staff.concurrent"]
    side.unlink()
    plan = tmp_path / "plan.yaml"
    plan.write_text("orggraph-scenario: 1\nbase: employees.csv\nbase_columns:\n"
                    "  id: employee_id\n  parent: manager_id\n  Type: title\nsteps: []\n")
    with pytest.raises(OrgError, match=r"plan.yaml:6: base_columns: unknown field 'Type' "
                                       r"\(did you mean 'type'\?\)"):
        orggraph.load(plan)


def test_huge_names_are_cut_in_messages_and_refused(cli, tmp_path, hr):
    long = "x" * 100_000
    for arg in (f"parent={long}", f"{long}=name"):
        r = cli("show", hr, "--map", f"id=employee_id,{arg}")
        assert r.code == 2 and len(r.err) < 1000
        assert "is 100,000 characters long, over the limit of 2,000 (ORGGRAPH_MAX_TEXT_CHARS)" \
            in r.err
    side = hr.with_name("employees.columns.yaml")
    side.write_text(f"columns:\n  id: {'y' * 3_000_000}\n  parent: manager_id\n", "utf-8")
    r = cli("validate", hr)
    assert r.code == 1 and len(r.err) < 1000
    assert f"{side}:2: columns: the column name 'yyyy" in r.err
    side.write_text(f"columns:\n  id: {'y' * 1_500}\n  parent: manager_id\n", "utf-8")
    r = cli("validate", hr)  # within the limit, but no such column: cut in the message
    assert r.code == 1 and len(r.err) < 1000 and "columns: id: yyy" in r.err
    assert "y…: no column 'yyy" in r.err


def test_a_columns_file_that_cannot_be_read_is_said_to(tmp_path, hr):
    side = hr.with_name("employees.columns.yaml")
    side.mkdir()
    with pytest.raises(OrgError, match="employees.columns.yaml: is a folder, not a columns "
                                       "file .*: remove or rename it"):
        orggraph.load(hr)
    side.rmdir()
    side.symlink_to(side.name)  # a loop of links
    with pytest.raises(OrgError, match="employees.columns.yaml: is a broken link or a loop"):
        orggraph.load(hr)
    side.unlink()
    side.symlink_to("/dev/zero")
    with pytest.raises(OrgError, match="employees.columns.yaml: is not a regular file"):
        orggraph.load(hr)


def test_every_unknown_key_of_a_columns_file_is_reported(tmp_path, hr):
    side = hr.with_name("employees.columns.yaml")
    side.write_text("columns: {id: employee_id, parent: manager_id}\ndelimitr: ','\n"
                    "encodng: cp1258\nsheet: [a]\n", "utf-8")
    with pytest.raises(OrgError) as e:
        orggraph.load(hr)
    assert [str(x).replace(str(side), "S") for x in e.value.errors] == [
        "S:2: unknown key 'delimitr' (known: columns, delimiter, encoding, sheet); did you "
        "mean 'delimiter'?",
        "S:3: unknown key 'encodng' (known: columns, delimiter, encoding, sheet); did you "
        "mean 'encoding'?",
        "S:4: sheet: the name of a sheet, not a list"]


def test_the_header_rules_speak_vietnamese(cli, tmp_path, hr):
    """The proposed map, a map to a missing column and a column named like a field, with
    the examples of --map as written on the command line."""
    from tests.helpers import english_words

    r = cli("validate", "--lang", "vi", hr)
    assert (f"{hr}:1: dòng tiêu đề thiếu cột id, parent (các cột hiện có: 'employee_id', "
            "'manager_id', 'name', 'title'): hãy đặt tên cột như vậy, hoặc ánh xạ: --map "
            "id=employee_id,parent=manager_id (hoặc columns: trong tệp TÊN.columns.yaml đặt "
            "cạnh tệp này)") in r.err
    r = cli("metrics", "--lang", "vi", hr, "--map", "id=employe_id,parent=manager_id")
    assert (f"{hr}:1: --map id=employe_id: không có cột 'employe_id' (các cột hiện có: "
            "'employee_id', 'manager_id', 'name', 'title'); có phải là 'employee_id'?") in r.err
    p = tmp_path / "bo.csv"
    p.write_text("id,parent,name,tpye,Name\nbo-nv,,Bộ Nội vụ,bo,y\n", "utf-8")
    r = cli("validate", "--lang", "vi", p)
    assert r.code == 1
    assert (f"{p}:1: cột không xác định 'tpye' (có phải là 'type'?): thuộc tính không được đặt "
            "tên gần giống tên một trường như vậy; hãy đặt tên cột là 'type', hoặc ánh xạ: "
            "--map type=tpye") in r.err
    assert (f"{p}:1: cột 'Name' là 'name' viết hoa/thường khác, mà cột 'name' cũng có: hãy "
            "đổi tên một trong hai cột, hoặc ánh xạ sang tên khác (ví dụ --map old_name=Name)"
            ) in r.err
    text = r.err.replace(str(p), "")
    assert english_words(text, ["tpye", "Name", "type", "map", "old_name", "id", "parent"]) == []

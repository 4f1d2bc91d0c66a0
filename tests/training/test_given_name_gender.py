"""The given-name gender recipe: one gender must carry ten times the other's share, rare and
short rare names are left out."""
from training.lexicons.given_name_gender import genders, read_census


def test_genders(tmp_path):
    male = tmp_path / "dist.male.first"
    female = tmp_path / "dist.female.first"
    male.write_text("JONAS          0.007  0.1  900\nKIM            0.028  0.2  400\nRARE           0.001  0.3  1200\n"
                    "TOM            0.040  0.4  100\n")
    female.write_text("ANNA           0.100  0.1  50\nKIM            0.178  0.2  60\nLU             0.003  0.3  3000\n")
    table = genders(read_census(male), read_census(female))
    assert table == {"anna": "f", "jonas": "m", "tom": "m"}  # Kim is both; Rare and Lu are too rare


def test_the_shipped_list_holds_only_clear_names():
    from quotes.identity.names import full_name_gender

    assert full_name_gender("Jonas Berg") == "m"
    assert full_name_gender("Anna Kovac") == "f"
    assert full_name_gender("Berg") is None  # one word: a surname, whatever the census says
    assert full_name_gender("Jean Moran") is None  # both genders
    assert full_name_gender("Lu Kang") is None  # too rare on the census list to tell

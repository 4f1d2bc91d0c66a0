"""Two names joined by "and" speak together (a group); a name with its place or its roles after a
comma is one person, and so is a name after a description that the parser made a conjunct of it.
A surname that is also a title ("King") stays a surname after a given name. Real pipeline,
bundled models."""
import pytest


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        # one person: a place, or roles, after the name
        ("Johnnie Wilson, of Springfield, Va., said he had fought in Vietnam for the nation's rights.",
         "fought in Vietnam", ("Johnnie Wilson", "person")),
        ('"The answers are not meeting the demand," says Paul Rieckhoff, founder and CEO of Iraq and '
         "Afghanistan Veterans of America.", "not meeting the demand", ("Paul Rieckhoff", "person")),
        # two people: a group
        ("Mr. Grassley and Mr. Leahy said the committee would hold hearings in March.",
         "the committee would hold hearings", ("Mr. Grassley and Mr. Leahy", "group")),
        ("Richard Alba and Nancy Foner, sociologists at the City University of New York, said that the "
         "figures were misleading.", "the figures were misleading", ("Richard Alba and Nancy Foner", "group")),
        ("Mr. Obama and Hillary Clinton never seem to tire of telling us that the economy is improving.",
         "the economy is improving", ("Mr. Obama and Hillary Clinton", "group")),
    ],
)
def test_coordinated_names(text, fragment, speaker, speaker_of):
    assert speaker_of(text, fragment) == speaker


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        ("Another Clinton ally, Agriculture Secretary Tom Vilsack, told MSNBC that the emails were a distraction.",
         "the emails were a distraction", ("Tom Vilsack", "person")),
        ("Moreover, Jeffrey D. Sachs, director of the Earth Institute at Columbia University, said that the "
         "targets were too weak.", "the targets were too weak", ("Jeffrey D. Sachs", "person")),
        ("Representative Peter T. King, Republican of New York, said that Mr. Rubio would win.",
         "Mr. Rubio would win", ("Peter T. King", "person")),
    ],
)
def test_a_name_after_a_description_is_the_speaker(text, fragment, speaker, speaker_of):
    assert speaker_of(text, fragment) == speaker


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("Representative Peter T. King", "Peter T. King", "Representative"),
        ("Peter King", "Peter King", ""),
        ("the Saudi King", "", "Saudi King"),
        ("King Abdullah", "Abdullah", "King"),
        ("Chief Justice John Roberts", "John Roberts", "Chief Justice"),
        ("Prime Minister", "", "Prime Minister"),
    ],
)
def test_a_surname_that_is_also_a_title(text, name, role):
    from quotes.identity.local import split_name_role

    assert split_name_role(text) == (name, role)

"""A deliberate mistake: the checkers must catch it before it crashes."""


def find_user(user_id: int) -> str | None:
    users = {1: "ada", 2: "grace"}
    return users.get(user_id)


def shout_name(user_id: int) -> str:
    return find_user(user_id).upper()

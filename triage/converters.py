class PersonRefConverter:
    """A person reference such as P-7K3M9Q. Anything else never reaches a view or a query: 404."""

    regex = "P-[0-9A-Z]{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

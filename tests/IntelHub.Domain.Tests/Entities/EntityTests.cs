using IntelHub.Domain.Entities;

namespace IntelHub.Domain.Tests.Entities;

public sealed class EntityTests
{
    [Theory]
    [InlineData("John Smith", "SMITH, John")]
    [InlineData("Zoë O'Brien", "ZOE OBRIEN")]
    [InlineData("Zoë O’Brien", "zoe o'brien")]
    [InlineData("Łukasz Wójcik", "lukasz wojcik")]
    [InlineData("Ștefan Țurcanu", "stefan turcanu")]
    [InlineData("Nguyễn Văn Đức", "nguyen van duc")]
    [InlineData("Anna-Maria  Kowalska", "anna maria kowalska")]
    [InlineData("Ilir Hoxha", "ILIR  HOXHA ")]
    [InlineData("Gwenllïan ap Rhys", "gwenllian ap rhys")]
    [InlineData("Jose\u0301 Garci\u0301a", "José García")]
    public void Person_names_written_differently_have_the_same_match_key(string one, string other)
    {
        var first = Entity.Create(EntityKind.Person, one);
        var second = Entity.Create(EntityKind.Person, other);

        Assert.Equal(first.MatchKey, second.MatchKey);
        Assert.Equal(one.Trim(), first.Value);
    }

    [Fact]
    public void Different_people_have_different_match_keys()
    {
        Assert.NotEqual(
            Entity.Create(EntityKind.Person, "John Smith").MatchKey,
            Entity.Create(EntityKind.Person, "Jon Smith").MatchKey);
    }

    [Fact]
    public void Letters_without_a_single_base_letter_are_spelt_out()
    {
        Assert.Equal("aesir jorgen strasse thor", Entity.Create(EntityKind.Organisation, "Æsir Jørgen-Straße Þór").MatchKey);
    }

    [Theory]
    [InlineData("Car Wash Ltd", "car wash")]
    [InlineData("CAR WASH LIMITED", "car wash")]
    [InlineData("The Car Wash Ltd.", "car wash")]
    [InlineData("Car-Wash PLC", "car wash")]
    [InlineData("Car Wash Public Limited Company", "car wash")]
    [InlineData("Car Wash LLP", "car wash")]
    [InlineData("Car Wash Cyf", "car wash")]
    [InlineData("Car Wash C.I.C.", "car wash")]
    [InlineData("Smith & Sons Ltd", "smith and sons")]
    [InlineData("Nails Limited Ltd", "nails")]
    [InlineData("The Limited Ltd", "limited")]
    public void Business_names_drop_legal_forms(string text, string key)
    {
        Assert.Equal(key, Entity.Create(EntityKind.Business, text).MatchKey);
    }

    [Fact]
    public void Organisation_names_keep_every_word_but_fold_case_and_punctuation()
    {
        Assert.Equal("the salvation army ltd", Entity.Create(EntityKind.Organisation, "The Salvation Army, Ltd").MatchKey);
        Assert.Equal(
            Entity.Create(EntityKind.Organisation, "BARNARDO'S").MatchKey,
            Entity.Create(EntityKind.Organisation, "Barnardos").MatchKey);
    }

    [Theory]
    [InlineData("12 High St., Cardiff cf101aa", "12 HIGH STREET CARDIFF CF10 1AA")]
    [InlineData("12 High Street, Cardiff, CF10 1AA", "12 high street cardiff cf10  1aa")]
    [InlineData("Flat 2, 5 Station Rd, Newport NP20 2BL", "flat 2 5 station road newport np202bl")]
    public void Addresses_written_differently_have_the_same_match_key(string one, string other)
    {
        Assert.Equal(Entity.Create(EntityKind.Location, one).MatchKey, Entity.Create(EntityKind.Location, other).MatchKey);
    }

    [Fact]
    public void Address_postcode_is_found_and_normalised()
    {
        var address = Address.Parse("12 High St, Cardiff cf101aa");

        Assert.Equal("CF10 1AA", address.Postcode!.Value);
        Assert.Equal("12 high street cardiff cf10 1aa", address.MatchKey);
        Assert.Equal("12 High St, Cardiff cf101aa", address.Text);
    }

    [Fact]
    public void Address_without_a_postcode_is_accepted_without_one()
    {
        var address = Address.Parse("Unit 4, Industrial Estate, Bridgend");

        Assert.Null(address.Postcode);
        Assert.Equal("unit 4 industrial estate bridgend", address.MatchKey);
    }

    [Theory]
    [InlineData(EntityKind.PhoneNumber, "+44 7700 900123", "+447700900123")]
    [InlineData(EntityKind.Vehicle, "ab12 cde", "AB12CDE")]
    public void Phone_and_vehicle_entities_match_on_their_normalised_form(EntityKind kind, string text, string key)
    {
        Assert.Equal(key, Entity.Create(kind, text).MatchKey);
    }

    [Theory]
    [InlineData(EntityKind.Person, null, "person_name", "Person name is missing")]
    [InlineData(EntityKind.Person, "!!!", "person_name", "has no letters or digits to match on")]
    [InlineData(EntityKind.Organisation, "  ", "organisation_name", "Organisation name is missing")]
    [InlineData(EntityKind.Business, "-- --", "business_name", "has no letters or digits to match on")]
    [InlineData(EntityKind.Location, "", "address", "Address is missing")]
    [InlineData(EntityKind.Location, ", ,", "address", "has no letters or digits to match on")]
    [InlineData(EntityKind.Person, "John\u0000Smith", "person_name", "contains control characters")]
    [InlineData(EntityKind.PhoneNumber, "+33 1 23 45 67 89", "phone_number", "is not a UK number")]
    [InlineData(EntityKind.Vehicle, "HELLO", "vehicle_registration", "is not a recognised UK registration")]
    [InlineData((EntityKind)99, "x", "kind", "Entity kind 99 is not defined")]
    public void Malformed_entity_is_refused_naming_the_field(EntityKind kind, string? text, string field, string problem)
    {
        var created = Entity.TryCreate(kind, text, out var entity, out var error);

        Assert.False(created);
        Assert.Null(entity);
        Assert.Equal(field, error!.Field);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_name_is_refused_with_the_limit()
    {
        var exception = Assert.Throws<DomainRuleException>(() => Entity.Create(EntityKind.Person, new string('a', 201)));

        Assert.Contains("201 characters long: give at most 200", exception.Message, StringComparison.Ordinal);
    }
}

"""Export of handed-off cases to the municipality's Klantinteracties API (VNG standard, Open Klant 2.x).

Configured by two environment variables; when either is missing nothing is exported and nothing
else changes:

* ``INGANG_OPENKLANT_URL``: the API root, e.g. ``https://openklant.voorbeeldstad.nl/klantinteracties/api/v1``;
* ``INGANG_OPENKLANT_TOKEN``: the API token (sent as ``Authorization: Token <token>``).

Every case (table ``zaak``) gets one row in ``zaak_export`` the first time an export round sees
it (cases made before the export was configured too). Its export is a series of steps; the
uuid each step receives is committed before the next step starts, so a retry continues where
the last attempt stopped and never creates the same object twice:

1. ``klantcontact``  kanaal (``chat``, ``telegram``, ``whatsapp``), onderwerp (the subject's title),
   inhoud (the case summary), ``vertrouwelijk: true``, ``taal: nld``, plaatsgevondenOp (case creation);
2. ``onderwerpobject`` the Ingang case number (codeRegister ``ingang``, codeObjecttype ``zaak``,
   codeSoortObjectId ``zaaknummer``), so the klantcontact can be found by case number;
3. ``partij`` only with a KvK number: the organisation (soortPartij ``organisatie``) with
   partij-identificator hr / niet_natuurlijk_persoon / kvk_nummer; an existing partij with that
   KvK number is reused (the API keeps identificators unique);
4. ``betrokkene`` rol ``klant``, initiator, wasPartij (the partij of step 3, or none), contactnaam
   and organisatienaam;
5. ``digitale adressen`` the phone number and e-mail address the entrepreneur gave, as given by
   this betrokkene (what KISS shows for a contactverzoek); a value Open Klant would refuse is
   left out, checked before step 1 (``validatie``), with a warning that names only the field;
6. ``actor`` the medewerker (soortActor ``medewerker``), found or created by actoridentificator
   mdw / handmatig / email / <e-mail address> (the convention of KISS); actorIdentificatie
   (functie, phone, e-mail) only when Open Klant accepts the medewerker's phone number;
7. ``internetaak`` gevraagdeHandeling (the promise's action), toegewezenAanActoren (the actor),
   toelichting (the exact promise sentence with its deadline and the contact details), status
   ``te_verwerken``.

One worker at a time exports a case: the row is claimed (``bot.kern.claims``) and the claim is
committed before any API call, and every recorded step checks that the claim is still ours.
The API is called outside database transactions. A failed attempt is retried later with a
growing pause; a request the API refuses as wrong (a 4xx, see ``OpenKlantFout.definitief``) is
not retried, and after the last attempt the row is ``mislukt`` and logged for a person.
A crash between an API answer and its commit can leave one object without its uuid recorded;
that is the only way a duplicate can arise.

The modules: ``models`` (the ``zaak_export`` table), ``client`` (the HTTP client), ``validatie``
(Open Klant's rules for phone numbers and e-mail addresses), ``mapping`` (what each API object
contains) and ``export`` (the steps and the rounds the worker runs).
"""

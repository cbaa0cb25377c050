/** Word lists for a believable Norwegian company (with æ, ø and å) and its neighbours. */
export const FIRST_NAMES = [
  'Ola', 'Kari', 'Per', 'Åse', 'Bjørn', 'Øystein', 'Håkon', 'Sølvi', 'Ingrid', 'Lars', 'Marit', 'Tor', 'Siri', 'Jørgen',
  'Ragnhild', 'Ståle', 'Nora', 'Emil', 'Sofie', 'Magnus', 'Astrid', 'Kåre', 'Hege', 'Geir', 'Tone', 'Espen', 'Åsmund',
  'Linnéa', 'Jonas', 'Thea', 'Eirik', 'Solveig', 'Trond', 'Bjørg', 'Mathias', 'Ida', 'Øyvind', 'Grete', 'Anders', 'Liv',
];
export const LAST_NAMES = [
  'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen', 'Karlsen',
  'Berg', 'Haugen', 'Hagen', 'Dahl', 'Jørgensen', 'Halvorsen', 'Lund', 'Sørensen', 'Moen', 'Solberg', 'Strøm',
  'Bråten', 'Sæther', 'Ødegård', 'Løvås', 'Aasen', 'Næss', 'Bø', 'Grønvold', 'Skårland', 'Fjær', 'Våge', 'Kværne',
];
export const COMPANY_WORDS = [
  'Fjord', 'Nordlys', 'Bjørke', 'Fjell', 'Havbris', 'Skog', 'Elv', 'Tind', 'Vidde', 'Bølge', 'Lysløype', 'Furu',
  'Sjøsprøyt', 'Måke', 'Ørn', 'Rype', 'Gran', 'Isbre', 'Kyst', 'Dal', 'Fossekall', 'Nøkken', 'Trollheim', 'Vår',
];
export const COMPANY_TRADES = [
  'Bygg', 'Regnskap', 'Transport', 'Handel', 'Rørlegger', 'Elektro', 'Consulting', 'Eiendom', 'Maskin', 'Bakeri',
  'Fisk', 'Design', 'Data', 'Renhold', 'Snekkeri', 'Catering', 'Helse', 'Marin', 'Tannlege', 'Arkitekter',
];
export const COMPANY_SUFFIXES = ['AS', 'AS', 'AS', 'ASA', 'ENK', 'DA'];

export const PLACES: Record<'NO' | 'SE' | 'DK' | 'GB', { city: string; zip: string }[]> = {
  NO: [
    { city: 'Oslo', zip: '0150' }, { city: 'Bergen', zip: '5003' }, { city: 'Trondheim', zip: '7010' },
    { city: 'Stavanger', zip: '4006' }, { city: 'Tromsø', zip: '9008' }, { city: 'Bodø', zip: '8006' },
    { city: 'Ålesund', zip: '6002' }, { city: 'Drøbak', zip: '1440' }, { city: 'Lillehammer', zip: '2609' },
    { city: 'Kristiansand', zip: '4610' }, { city: 'Førde', zip: '6800' }, { city: 'Hønefoss', zip: '3510' },
  ],
  SE: [{ city: 'Stockholm', zip: '111 52' }, { city: 'Göteborg', zip: '411 04' }, { city: 'Malmö', zip: '211 22' }],
  DK: [{ city: 'København', zip: '1050' }, { city: 'Aarhus', zip: '8000' }, { city: 'Odense', zip: '5000' }],
  GB: [{ city: 'London', zip: 'EC1A 1BB' }, { city: 'Manchester', zip: 'M1 1AE' }, { city: 'Edinburgh', zip: 'EH1 1YZ' }],
};
export const STREETS = ['Storgata', 'Kirkegata', 'Fjordveien', 'Bjørkeveien', 'Skolegata', 'Sjøgata', 'Møllevegen', 'Åsveien', 'Torget', 'Strandkaien'];

export const PRODUCT_ADJECTIVES = ['Økologisk', 'Norsk', 'Premium', 'Klassisk', 'Rask', 'Solid', 'Ekstra', 'Lett', 'Grønn', 'Håndlaget', 'Smart', 'Årlig'];
export const PRODUCT_NOUNS = ['kaffe', 'brød', 'laks', 'ost', 'konsulenttime', 'support', 'lisens', 'verktøykasse', 'kabel', 'stol', 'lampe', 'rengjøring', 'opplæring', 'abonnement', 'skrue', 'maling'];
export const FOOD_NOUNS = new Set(['kaffe', 'brød', 'laks', 'ost']);
export const SERVICE_NOUNS = new Set(['konsulenttime', 'support', 'opplæring', 'rengjøring', 'abonnement', 'lisens']);
export const DEPARTMENTS = [
  { Code: '100', Name: 'Administrasjon' }, { Code: '200', Name: 'Salg' }, { Code: '300', Name: 'Produksjon' },
  { Code: '400', Name: 'Kundeservice' }, { Code: '500', Name: 'Økonomi' }, { Code: '600', Name: 'Lager og logistikk' },
];
export const JOB_TITLES = ['Daglig leder', 'Selger', 'Regnskapsfører', 'Lagerarbeider', 'Konsulent', 'Prosjektleder', 'Kundebehandler'];

/** E-mail local parts and domains in ASCII, as mail systems still prefer. */
export function asciiSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a').replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/é/g, 'e')
    .replace(/[^a-z0-9]+/g, '');
}

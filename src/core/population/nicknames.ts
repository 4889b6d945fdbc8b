/**
 * The short forms people give at a counter instead of the name on the birth notification (Elizabeth → Betty).
 * Only well-established pairs: a made-up nickname would teach a matcher something false. Most Bantu names here have
 * no settled short form, so the map is mostly English, French and Portuguese.
 *
 * @example
 * nicknamesOf('Joseph'); // ['Joe', 'Joey']
 * nicknamesOf('Mwansa'); // []
 */

const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  // English
  elizabeth: ['Liz', 'Beth', 'Betty', 'Eliza'],
  margaret: ['Maggie', 'Peggy', 'Meg'],
  catherine: ['Cathy', 'Kate', 'Katie'],
  patricia: ['Pat', 'Patty', 'Trish'],
  rebecca: ['Becky'],
  susan: ['Sue', 'Susie'],
  jennifer: ['Jenny', 'Jen'],
  victoria: ['Vicky'],
  christine: ['Chris', 'Tina'],
  josephine: ['Josie', 'Jo'],
  deborah: ['Debbie', 'Deb'],
  abigail: ['Abby'],
  dorothy: ['Dot', 'Dolly'],
  florence: ['Flo'],
  judith: ['Judy'],
  beatrice: ['Bea'],
  agnes: ['Aggie'],
  natasha: ['Tasha'],
  joseph: ['Joe', 'Joey'],
  john: ['Johnny', 'Jack'],
  james: ['Jim', 'Jimmy'],
  michael: ['Mike', 'Mick'],
  david: ['Dave'],
  daniel: ['Dan', 'Danny'],
  peter: ['Pete'],
  william: ['Will', 'Bill', 'Billy'],
  robert: ['Rob', 'Bob', 'Bobby'],
  richard: ['Rick', 'Dick'],
  thomas: ['Tom', 'Tommy'],
  samuel: ['Sam'],
  benjamin: ['Ben'],
  christopher: ['Chris'],
  andrew: ['Andy'],
  patrick: ['Pat', 'Paddy'],
  charles: ['Charlie'],
  edward: ['Ed', 'Eddie', 'Ted'],
  francis: ['Frank'],
  nicholas: ['Nick'],
  anthony: ['Tony'],
  alexander: ['Alex'],
  jonathan: ['Jon'],
  timothy: ['Tim'],
  stephen: ['Steve'],
  philip: ['Phil'],
  lawrence: ['Larry'],
  henry: ['Harry'],
  jacob: ['Jake'],
  joshua: ['Josh'],
  elijah: ['Eli'],
  nathan: ['Nate'],
  // French
  nicolas: ['Nico'],
  frédéric: ['Fred'],
  alexandre: ['Alex'],
  sébastien: ['Seb'],
  maxime: ['Max'],
  isabelle: ['Isa'],
  raphaël: ['Raph'],
  // Portuguese
  josé: ['Zé'],
  francisco: ['Chico'],
  francisca: ['Chica'],
  manuel: ['Manel'],
  joaquim: ['Quim'],
  fernando: ['Nando'],
  eduardo: ['Edu'],
  rafael: ['Rafa'],
  gabriel: ['Gabi'],
  gabriela: ['Gabi'],
  beatriz: ['Bia'],
  // Arabic and Swahili
  mohammed: ['Mo'],
  khadija: ['Dija'],
  // Nyanja: the long names of prayer and thanks are often cut to their start
  thokozani: ['Thoko'],
  madalitso: ['Dalitso'],
};

export function nicknamesOf(name: string): readonly string[] {
  return NICKNAMES[name.toLowerCase()] ?? [];
}

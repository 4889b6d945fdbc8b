/** Declarations of the demo country's forms, for tests of records. */

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** A complete birth declaration of the demo country's form, born at home in Ibombo district. */
export function birthDeclaration(area = 'CEN-IBO', birthDate = daysAgo(3)) {
  return {
    child: {
      firstNames: 'Ada',
      familyName: 'Mwale',
      sex: 'female',
      birthDate,
      placeOfBirthType: 'private-home',
      placeOfBirthArea: area,
      placeOfBirthAddress: 'Plot 12, Ibombo',
    },
    mother: { firstNames: 'Grace', familyName: 'Mwale', birthDate: '1995-04-02', nationality: 'XDM' },
    father: { detailsNotAvailable: true, reasonNotAvailable: 'Not known to the mother' },
    informant: { type: 'mother' },
  };
}

/** French names, from France and francophone Africa; accents kept, as a careful clerk writes them. */
import { words, type NameList } from './name-list.js';

export const FRENCH: NameList = {
  language: 'french',
  female: words(`
    Marie Jeanne Françoise Catherine Nathalie Isabelle Sylvie Anne Sophie Camille Julie Chloé Léa Manon Emma
    Inès Louise Céline Aurélie Élodie Mathilde Claire Hélène Juliette Amélie Christine Valérie Sandrine
    Véronique Delphine Océane Clémence Pauline Élise Geneviève
  `),
  male: words(`
    Jean Pierre Michel André Philippe Louis Nicolas François Laurent Stéphane Julien Thomas Antoine Mathieu
    Alexandre Olivier Christophe Sébastien Frédéric Hugo Lucas Théo Gabriel Léo Raphaël Arthur Jules Maxime
    Baptiste Guillaume Rémi Benoît Jérôme Didier Thierry Yves Marcel Étienne Denis Bernard
  `),
  family: words(`
    Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel David
    Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet François Legrand Garnier
    Faure Rousseau Blanc Guérin Muller Henry Roussel Perrin Morin Mathieu Clément Gauthier Dumont Fontaine
    Chevalier Robin
  `),
};

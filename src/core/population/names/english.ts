/**
 * English names as given in southern and eastern Africa as much as in Britain: many Zambian children have an
 * English first or middle name, including virtue names (Mercy, Precious, Memory, Gift, Blessings) that are rare in
 * Britain but common here.
 */
import { words, type NameList } from './name-list.js';

export const ENGLISH: NameList = {
  language: 'english',
  female: words(`
    Mary Grace Elizabeth Ruth Esther Joyce Mercy Precious Memory Agnes Catherine Margaret Sarah Charity Faith
    Patricia Dorothy Beatrice Rebecca Florence Alice Martha Susan Janet Gift Loveness Blessing Victoria
    Jennifer Hannah Rachel Judith Christine Gladys Violet Brenda Natasha Josephine Abigail Deborah Naomi Lydia
    Priscilla Emily Rose Hope
  `),
  male: words(`
    John Joseph Peter James David Daniel Moses Emmanuel Michael Paul Stephen Charles Kelvin Gift Evans George
    William Richard Robert Thomas Samuel Benjamin Isaac Jacob Andrew Patrick Brian Christopher Mathews Jonathan
    Edward Francis Henry Philip Timothy Lawrence Godfrey Innocent Blessings Justin Frank Alexander Anthony
    Nicholas Simon Elijah Joshua Aaron Nathan
  `),
  family: words(`
    Smith Jones Williams Brown Taylor Davies Wilson Evans Thomas Johnson Roberts Walker Wright Robinson Thompson
    White Hughes Edwards Green Hall Wood Harris Lewis Martin Jackson Clarke Turner Hill Scott Cooper Morris Ward
    Moore King Watson Baker Harrison Morgan Young Allen Mitchell Phillips Carter Shaw Parker Bennett Cook
  `),
};
